<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BuyDialog</name>
    <message>
        <location filename="../../ui/screens/store.py" line="52" />
        <source>Buy “%1”</source>
        <translation>购买“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="58" />
        <source>Pay with a card</source>
        <translation>用银行卡支付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="60" />
        <source>Use a voucher code from your institution</source>
        <translation>使用机构提供的兑换码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="70" />
        <source>Card number</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="72" />
        <source>Voucher code</source>
        <translation>兑换码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="74" />
        <source>Demo store: test card %1 is accepted, %2 is declined. No real money is charged.</source>
        <translation>演示商店：测试卡 %1 会支付成功，%2 会被拒绝。不会产生真实扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="82" />
        <source>Pay %1</source>
        <translation>支付 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="84" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CatalogModel</name>
    <message>
        <location filename="../../ui/models/catalog.py" line="140" />
        <source>Owned</source>
        <translation>已拥有</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <location filename="../../ui/controller.py" line="152" />
        <source>Sign in first to sync your progress.</source>
        <translation>请先登录，才能同步学习进度。</translation>
    </message>
</context>
<context>
    <name>CourseScreen</name>
    <message>
        <location filename="../../ui/screens/course.py" line="133" />
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="134" />
        <source>Bookmark this place</source>
        <translation>在此处加书签</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="135" />
        <source>Next lesson</source>
        <translation>下一课</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="136" />
        <source>Add note</source>
        <translation>添加笔记</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="137" />
        <source>Delete note</source>
        <translation>删除笔记</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="138" />
        <source>Write a note about this lesson…</source>
        <translation>为本课写一条笔记……</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="139" />
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="140" />
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="142" />
        <source>Choose a course above, or download one from your Library.</source>
        <translation>请在上方选择课程，或从“我的课程”下载一门课程。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="168" />
        <source>No course is downloaded yet. Download one from your Library to study it here.</source>
        <translation>还没有下载任何课程。请先在“我的课程”中下载，再在这里学习。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="189" />
        <source>Opening the course…</source>
        <translation>正在打开课程……</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="207" />
        <source>This course has no lessons.</source>
        <translation>这门课程没有课时。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="218" />
        <source>%1 of %2 lessons done</source>
        <translation>已完成 %1/%2 课</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="368" />
        <source>page %1</source>
        <translation>第 %1 页</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../ui/errors.py" line="77" />
        <source>Satchel ran into a problem</source>
        <translation>Satchel 遇到了问题</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="83" />
        <source>Something went wrong inside Satchel. Your study data is safe. You can keep working; if it happens again, copy the details below into a bug report.</source>
        <translation>Satchel 内部出现了错误。你的学习数据是安全的，可以继续使用；如果再次出现，请复制下面的详细信息提交错误报告。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="100" />
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="109" />
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/errors.py" line="126" />
        <source>Satchel</source>
        <translation>Satchel</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <location filename="../../ui/format.py" line="24" />
        <source>Free</source>
        <translation>免费</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/format.py" line="35" />
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/format.py" line="38" />
        <source>%n h</source>
        <translation>
            <numerusform>%n 小时</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="39" />
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="63" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="65" />
        <source>Tomorrow</source>
        <translation>明天</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="67" />
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="74" />
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="79" />
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/format.py" line="81" />
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/format.py" line="83" />
        <source>%n h ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="90" />
        <location filename="../../ui/format.py" line="104" />
        <source>Not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="92" />
        <source>Last synced %1</source>
        <translation>上次同步：%1</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="96" />
        <source>Syncing…</source>
        <translation>正在同步……</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="102" />
        <source>Sync problem: %1</source>
        <translation>同步出现问题：%1</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="110" />
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="112" />
        <source>Chinese (Simplified)</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="118" />
        <source>Programming</source>
        <translation>编程</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="119" />
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="120" />
        <source>Fitness</source>
        <translation>健身</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="121" />
        <source>Arts &amp; music</source>
        <translation>艺术与音乐</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="122" />
        <source>Languages</source>
        <translation>语言学习</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="123" />
        <source>Finance</source>
        <translation>理财</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="124" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="131" />
        <source>Reading</source>
        <translation>阅读</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="132" />
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="133" />
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="134" />
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="135" />
        <source>Quiz</source>
        <translation>测验</translation>
    </message>
</context>
<context>
    <name>GoalsScreen</name>
    <message>
        <location filename="../../ui/screens/goals.py" line="127" />
        <source>Goals &amp; Plan</source>
        <translation>目标与计划</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="128" />
        <source>New goal</source>
        <translation>新目标</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="129" />
        <source>What</source>
        <translation>目标内容</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="130" />
        <source>e.g. Finish Python Foundations</source>
        <translation>例如：学完 Python 基础</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="131" />
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="132" />
        <source>By when</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="133" />
        <source>Hours per week</source>
        <translation>每周学习小时数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="134" />
        <source>Create goal and plan</source>
        <translation>创建目标并生成计划</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="135" />
        <source>Your goals</source>
        <translation>我的目标</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="136" />
        <source>Study plan</source>
        <translation>学习计划</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="137" />
        <source>Re-plan from today</source>
        <translation>从今天起重新规划</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="138" />
        <source>Mark achieved</source>
        <translation>标记为已达成</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="139" />
        <location filename="../../ui/screens/goals.py" line="277" />
        <source>Delete goal</source>
        <translation>删除目标</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="163" />
        <source>Download a course first: the plan is made from its lessons.</source>
        <translation>请先下载课程：学习计划根据课程的课时生成。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="165" />
        <source>Finish “%1”</source>
        <translation>学完“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="200" />
        <source>Create a goal on the left to get a dated plan.</source>
        <translation>在左侧创建目标，即可得到按日期安排的学习计划。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="206" />
        <source>Achieved. Well done!</source>
        <translation>已达成，做得好！</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="208" />
        <source>On track: %1 planned until %2.</source>
        <translation>进度正常：计划学习 %1，截止 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="213" />
        <source>Behind by %1 min. Re-plan to spread what is left over the days before %2.</source>
        <translation>落后 %1 分钟。重新规划，把剩余内容分配到 %2 之前的日子里。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/goals.py" line="238" />
        <source>Goal created with %n study session(s).</source>
        <translation>
            <numerusform>目标已创建，共 %n 次学习安排。</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="278" />
        <source>Delete the goal “%1” and its plan?</source>
        <translation>删除目标“%1”及其学习计划？</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../ui/screens/home.py" line="128" />
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="129" />
        <source>Continue learning</source>
        <translation>继续学习</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="130" />
        <source>Reviews due today</source>
        <translation>今日待复习</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="131" />
        <source>Start reviews</source>
        <translation>开始复习</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="132" />
        <source>Today's plan</source>
        <translation>今日计划</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="133" />
        <source>Open Goals &amp;&amp; Plan</source>
        <translation>打开目标与计划</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="134" />
        <source>Recommended for you</source>
        <translation>为你推荐</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="136" />
        <source>Welcome to Satchel. Create an account to buy courses from the store, study them offline, and keep your progress on all your devices.</source>
        <translation>欢迎使用 Satchel。创建账户后即可在商店购买课程、离线学习，并在所有设备上同步学习进度。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="138" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="139" />
        <source>Create account</source>
        <translation>创建账户</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="166" />
        <source>Hello, %1. You studied %2 this week.</source>
        <translation>你好，%1。本周你已学习 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="170" />
        <source>You are not signed in.</source>
        <translation>你尚未登录。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="174" />
        <source>Nothing to continue yet. Find a course in the Store, then download it from your Library.</source>
        <translation>暂时没有可继续的内容。先在商店中找一门课程，再到“我的课程”下载。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="181" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="190" />
        <source>Short spaced reviews keep what you learned from fading.</source>
        <translation>简短的间隔复习能防止学过的内容被遗忘。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="191" />
        <source>No reviews due. Take a quiz to start.</source>
        <translation>没有待复习的内容。做一次测验就可以开始。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="195" />
        <source>No goal yet. Set one to get a dated plan.</source>
        <translation>还没有目标。设定一个目标，即可得到按日期安排的计划。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="199" />
        <source>On track with “%1”.</source>
        <translation>“%1”进度正常。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="202" />
        <source>Behind on “%1” by %2 min.</source>
        <translation>“%1”落后 %2 分钟。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="209" />
        <source>Recommendations appear once the catalog has been loaded.</source>
        <translation>课程目录加载后会显示推荐。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="215" />
        <source>View</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="226" />
        <source>Because you finished “%1”</source>
        <translation>因为你学完了“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="227" />
        <source>Similar to your course “%1”</source>
        <translation>与你的课程“%1”相似</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="228" />
        <source>Matches your interest “%1”</source>
        <translation>符合你的兴趣“%1”</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="230" />
        <source>Popular with learners who took “%1”</source>
        <translation>学过“%1”的学员也喜欢</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="231" />
        <source>Popular in the store</source>
        <translation>商店热门课程</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <location filename="../../ui/models/library.py" line="66" />
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="66" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="66" />
        <source>Progress</source>
        <translation>学习进度</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="66" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="67" />
        <source>Offline access</source>
        <translation>离线访问</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="72" />
        <source>Downloading… %1%</source>
        <translation>正在下载…… %1%</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="74" />
        <source>Available offline</source>
        <translation>可离线学习</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="75" />
        <source>Available offline (update available)</source>
        <translation>可离线学习（有更新）</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="76" />
        <source>Download paused</source>
        <translation>下载已暂停</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="77" />
        <source>Download failed — try again</source>
        <translation>下载失败，请重试</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="78" />
        <source>Not downloaded</source>
        <translation>未下载</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="92" />
        <source>%1 of %2 done</source>
        <translation>已完成 %1/%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/library.py" line="99" />
        <source>%n day(s) left</source>
        <translation>
            <numerusform>剩余 %n 天</numerusform></translation>
    </message>
</context>
<context>
    <name>LibraryScreen</name>
    <message>
        <location filename="../../ui/screens/library.py" line="74" />
        <source>Library</source>
        <translation>我的课程</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="75" />
        <source>Your courses. Download a course once and study it anywhere, even without a connection.</source>
        <translation>你的课程。下载一次，就能随时随地学习，没有网络也可以。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="77" />
        <source>Study</source>
        <translation>学习</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="78" />
        <location filename="../../ui/screens/library.py" line="123" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="79" />
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="80" />
        <location filename="../../ui/screens/library.py" line="188" />
        <source>Remove download</source>
        <translation>删除下载</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="81" />
        <source>Find more courses</source>
        <translation>发现更多课程</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="105" />
        <source>No courses yet. Get one in the Store.</source>
        <translation>还没有课程。去商店选一门吧。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="106" />
        <source>Sign in to see the courses you bought.</source>
        <translation>登录后可查看你已购买的课程。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="122" />
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="189" />
        <source>Remove the downloaded copy of “%1”? Your progress and notes stay, and you can download it again any time.</source>
        <translation>删除“%1”的本地副本？你的学习进度和笔记会保留，随时可以重新下载。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/dialogs/login.py" line="95" />
        <source>Sign in to Satchel</source>
        <translation>登录 Satchel</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="97" />
        <source>Your account keeps your purchases and your progress in step on all your devices. You can study offline once a course is downloaded.</source>
        <translation>你的账户会在所有设备间同步已购课程和学习进度。课程下载后即可离线学习。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="99" />
        <location filename="../../ui/dialogs/login.py" line="109" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="100" />
        <location filename="../../ui/dialogs/login.py" line="110" />
        <source>Create account</source>
        <translation>创建账户</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="101" />
        <location filename="../../ui/dialogs/login.py" line="104" />
        <source>Email</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="102" />
        <location filename="../../ui/dialogs/login.py" line="105" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="103" />
        <source>Your name</source>
        <translation>你的名字</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="106" />
        <source>at least 8 characters</source>
        <translation>至少 8 个字符</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="111" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/login.py" line="152" />
        <source>Signed in for this session</source>
        <translation>仅本次会话保持登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="162" />
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163" />
        <source>Store</source>
        <translation>商店</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164" />
        <source>Library</source>
        <translation>我的课程</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="165" />
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166" />
        <source>Quiz</source>
        <translation>测验</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167" />
        <source>Goals &amp; Plan</source>
        <translation>目标与计划</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168" />
        <source>Progress</source>
        <translation>学习进度</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="169" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174" />
        <source>Satchel</source>
        <translation>Satchel</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="178" />
        <source>%1 (Ctrl+%2)</source>
        <translation>%1（Ctrl+%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="180" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181" />
        <source>Send and fetch changes now (F5)</source>
        <translation>立即上传并获取更新（F5）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182" />
        <source>Offline — your work is saved and will sync later</source>
        <translation>离线：你的学习记录已保存，稍后会同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="183" />
        <source>Opening your library…</source>
        <translation>正在打开你的课程库……</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="257" />
        <source>Satchel could not open your data:</source>
        <translation>Satchel 无法打开你的数据：</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272" />
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
</context>
<context>
    <name>OutlineModel</name>
    <message>
        <location filename="../../ui/models/outline.py" line="109" />
        <source>Lesson</source>
        <translation>课时</translation>
    </message>
    <message>
        <location filename="../../ui/models/outline.py" line="109" />
        <source>Time</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../ui/models/outline.py" line="139" />
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/models/outline.py" line="141" />
        <source>buy the course to open this lesson</source>
        <translation>购买课程后才能打开本课</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <location filename="../../ui/models/plan.py" line="40" />
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan.py" line="40" />
        <source>Lesson</source>
        <translation>课时</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan.py" line="40" />
        <source>Time</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../ui/models/plan.py" line="40" />
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>PreviewWindow</name>
    <message>
        <location filename="../../ui/preview.py" line="112" />
        <location filename="../../ui/preview.py" line="208" />
        <source>Opening %1…</source>
        <translation>正在打开 %1……</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="116" />
        <source>Preview — %1</source>
        <translation>预览 — %1</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="117" />
        <source>Preview: answers are not recorded</source>
        <translation>预览模式：答题不会被记录</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="118" />
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="119" />
        <source>Validation report</source>
        <translation>校验报告</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/preview.py" line="147" />
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 项</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="148" />
        <source>price %1</source>
        <translation>价格 %1</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="164" />
        <source>This bundle cannot be shown: see the problems on the right.</source>
        <translation>无法显示该课程包：请查看右侧列出的问题。</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="183" />
        <source>Valid: no problems found.</source>
        <translation>有效：未发现问题。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/preview.py" line="185" />
        <source>Valid, with %n warning(s).</source>
        <translation>
            <numerusform>有效，但有 %n 条警告。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/preview.py" line="187" />
        <source>Not valid: %n error(s)</source>
        <translation>
            <numerusform>无效：%n 个错误</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/preview.py" line="189" />
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 条警告</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="190" />
        <source>Learners could not install this bundle.</source>
        <translation>学员将无法安装此课程包。</translation>
    </message>
    <message>
        <location filename="../../ui/preview.py" line="220" />
        <source>This lesson cannot be opened:</source>
        <translation>无法打开本课：</translation>
    </message>
</context>
<context>
    <name>ProgressScreen</name>
    <message>
        <location filename="../../ui/screens/progress.py" line="103" />
        <source>Progress</source>
        <translation>学习进度</translation>
    </message>
    <message>
        <location filename="../../ui/screens/progress.py" line="104" />
        <source>Outcome score (0–100)</source>
        <translation>学习成效分（0–100）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/progress.py" line="105" />
        <source>Time studied</source>
        <translation>学习时长</translation>
    </message>
    <message>
        <location filename="../../ui/screens/progress.py" line="106" />
        <location filename="../../ui/screens/progress.py" line="165" />
        <source>Lessons completed</source>
        <translation>已完成课时</translation>
    </message>
    <message>
        <location filename="../../ui/screens/progress.py" line="107" />
        <source>First-try accuracy</source>
        <translation>首次答题正确率</translation>
    </message>
    <message>
        <location filename="../../ui/screens/progress.py" line="108" />
        <source>Mastery by skill</source>
        <translation>各技能掌握程度</translation>
    </message>
    <message>
        <location filename="../../ui/screens/progress.py" line="133" />
        <source>The outcome score combines how much of your courses you completed (%1%), how likely you are to answer their questions correctly (%2%) and whether you gave lessons enough time (%3%).</source>
        <translation>学习成效分综合了你的课程完成度（%1%）、答对课程题目的可能性（%2%）以及是否在课时上投入了足够时间（%3%）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/progress.py" line="140" />
        <source>Study a lesson or take a quiz to see your outcome score.</source>
        <translation>学习一节课或完成一次测验后即可看到学习成效分。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/progress.py" line="152" />
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>最近 %n 天</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/screens/progress.py" line="158" />
        <source>Minutes studied</source>
        <translation>学习分钟数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/progress.py" line="180" />
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../ui/screens/progress.py" line="188" />
        <source>lessons</source>
        <translation>课时</translation>
    </message>
</context>
<context>
    <name>QuizScreen</name>
    <message>
        <location filename="../../ui/screens/quiz.py" line="79" />
        <source>Quiz</source>
        <translation>测验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/quiz.py" line="80" />
        <source>Spaced reviews</source>
        <translation>间隔复习</translation>
    </message>
    <message>
        <location filename="../../ui/screens/quiz.py" line="81" />
        <source>Start reviews</source>
        <translation>开始复习</translation>
    </message>
    <message>
        <location filename="../../ui/screens/quiz.py" line="82" />
        <source>Quizzes in your courses</source>
        <translation>课程中的测验</translation>
    </message>
    <message>
        <location filename="../../ui/screens/quiz.py" line="85" />
        <source>Pick a quiz on the left. Your answers are saved, also offline, and shape your reviews and plan.</source>
        <translation>请在左侧选择测验。你的答案会被保存（离线也可以），并用于安排复习和学习计划。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/quiz.py" line="115" />
        <source>Download a course from your Library to take its quizzes.</source>
        <translation>请先在“我的课程”中下载课程，才能做其中的测验。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/quiz.py" line="120" />
        <source>%n question(s) due today</source>
        <translation>
            <numerusform>今日有 %n 道题待复习</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/screens/quiz.py" line="151" />
        <source>No reviews are due. Well done!</source>
        <translation>没有待复习的题目，做得好！</translation>
    </message>
    <message>
        <location filename="../../ui/screens/quiz.py" line="158" />
        <location filename="../../ui/screens/quiz.py" line="164" />
        <source>Today's reviews</source>
        <translation>今日复习</translation>
    </message>
    <message>
        <location filename="../../ui/screens/quiz.py" line="161" />
        <source>Questions you answered before, picked for today by your memory model.</source>
        <translation>这些是你以前答过的题目，由记忆模型挑选出今天需要复习的部分。</translation>
    </message>
</context>
<context>
    <name>QuizView</name>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="312" />
        <location filename="../../ui/widgets/quiz_view.py" line="437" />
        <source>Question %1 of %2</source>
        <translation>第 %1 题，共 %2 题</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="339" />
        <source>See results</source>
        <translation>查看结果</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="339" />
        <source>Next question</source>
        <translation>下一题</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="361" />
        <source>Correct</source>
        <translation>回答正确</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="364" />
        <source>Not quite</source>
        <translation>不太对</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="379" />
        <location filename="../../ui/widgets/quiz_view.py" line="382" />
        <location filename="../../ui/widgets/quiz_view.py" line="384" />
        <location filename="../../ui/widgets/quiz_view.py" line="388" />
        <location filename="../../ui/widgets/quiz_view.py" line="390" />
        <source>the answer is: %1</source>
        <translation>正确答案：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="385" />
        <source>True</source>
        <translation>正确</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="385" />
        <source>False</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="416" />
        <source>Quiz complete</source>
        <translation>测验完成</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="418" />
        <source>%1 of %2 correct on the first try (%3%)</source>
        <translation>首次作答答对 %1/%2 题（%3%）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="427" />
        <location filename="../../ui/widgets/quiz_view.py" line="434" />
        <source>Retry quiz</source>
        <translation>重做测验</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="432" />
        <source>Check answer</source>
        <translation>检查答案</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="433" />
        <source>Try again</source>
        <translation>再试一次</translation>
    </message>
</context>
<context>
    <name>ReportModel</name>
    <message>
        <location filename="../../ui/models/report.py" line="42" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../../ui/models/report.py" line="42" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/models/report.py" line="42" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/models/report.py" line="42" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../ui/models/report.py" line="53" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/models/report.py" line="53" />
        <source>warning</source>
        <translation>警告</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../ui/screens/settings.py" line="188" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="189" />
        <source>Account and devices</source>
        <translation>账户与设备</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="190" />
        <source>Sign in…</source>
        <translation>登录……</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="191" />
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="192" />
        <source>Devices signed in to your account:</source>
        <translation>已登录你账户的设备：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="193" />
        <source>Show devices</source>
        <translation>显示设备</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="194" />
        <source>Sign this device out</source>
        <translation>让此设备退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="195" />
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="196" />
        <source>Sync automatically when online</source>
        <translation>联网时自动同步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="197" />
        <source>Minutes between syncs</source>
        <translation>同步间隔（分钟）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="198" />
        <source>Store address</source>
        <translation>商店地址</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="199" />
        <source>empty: the built-in demo store</source>
        <translation>留空：使用内置演示商店</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="200" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="201" />
        <source>Language and appearance</source>
        <translation>语言与外观</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="202" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="203" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="204" />
        <source>Your interests</source>
        <translation>你的兴趣</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="205" />
        <source>e.g. python, statistics, guitar</source>
        <translation>例如：python、统计、吉他</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="206" />
        <source>Study minutes per day</source>
        <translation>每天学习分钟数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="207" />
        <source>The language changes at once; no restart needed.</source>
        <translation>语言会立即切换，无需重启。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="208" />
        <location filename="../../ui/screens/settings.py" line="210" />
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="211" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="211" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="213" />
        <source>Storage and your data</source>
        <translation>存储与个人数据</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="214" />
        <source>Change download folder…</source>
        <translation>更改下载文件夹……</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="215" />
        <source>Export my data…</source>
        <translation>导出我的数据……</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="216" />
        <source>Delete my data on this computer…</source>
        <translation>删除本机上的我的数据……</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="251" />
        <source>Signed in as %1 (%2).</source>
        <translation>已登录：%1（%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="255" />
        <source>%1 is remembered on this computer, but not signed in: sign in to sync.</source>
        <translation>本机记住了 %1，但尚未登录：请登录以同步。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="259" />
        <source>Not signed in.</source>
        <translation>未登录。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="290" />
        <source>this device</source>
        <translation>本设备</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="292" />
        <source>signed out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="294" />
        <source>last seen %1</source>
        <translation>最近活动：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="315" />
        <source>Offline: your work is kept and sent when the store is back.</source>
        <translation>离线：你的学习记录会保留，商店恢复连接后再上传。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="354" />
        <source>Downloads are kept in %1 (%2 used).</source>
        <translation>下载内容保存在 %1（已使用 %2）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="355" />
        <source>Changes to %1 at the next start.</source>
        <translation>下次启动时改为 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="360" />
        <source>Choose a download folder</source>
        <translation>选择下载文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="366" />
        <source>Export my data</source>
        <translation>导出我的数据</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="368" />
        <source>Zip files (*.zip)</source>
        <translation>Zip 文件 (*.zip)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="373" />
        <source>Exporting…</source>
        <translation>正在导出……</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="376" />
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="388" />
        <source>Delete my data</source>
        <translation>删除我的数据</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="389" />
        <source>Delete your learning record, notes, goals and downloaded courses from this computer? Anything not yet synced is lost. Your account and purchases in the store are kept.</source>
        <translation>要从本机删除你的学习记录、笔记、目标和已下载的课程吗？尚未同步的内容将会丢失。你在商店的账户和已购课程会保留。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="395" />
        <source>Deleting…</source>
        <translation>正在删除……</translation>
    </message>
</context>
<context>
    <name>SkillModel</name>
    <message>
        <location filename="../../ui/models/skills.py" line="38" />
        <source>Skill</source>
        <translation>技能</translation>
    </message>
    <message>
        <location filename="../../ui/models/skills.py" line="38" />
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../ui/models/skills.py" line="38" />
        <source>Mastery</source>
        <translation>掌握程度</translation>
    </message>
    <message>
        <location filename="../../ui/models/skills.py" line="39" />
        <source>Answers</source>
        <translation>答题数</translation>
    </message>
    <message>
        <location filename="../../ui/models/skills.py" line="59" />
        <source>Estimated chance you have mastered this skill</source>
        <translation>估计你已掌握该技能的概率</translation>
    </message>
</context>
<context>
    <name>StoreScreen</name>
    <message>
        <location filename="../../ui/screens/store.py" line="204" />
        <source>Store</source>
        <translation>商店</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="205" />
        <source>Search courses (Ctrl+F)</source>
        <translation>搜索课程（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="206" />
        <source>All topics</source>
        <translation>全部主题</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="208" />
        <location filename="../../ui/screens/store.py" line="262" />
        <source>All languages</source>
        <translation>全部语言</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="210" />
        <source>Any price</source>
        <translation>任意价格</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="210" />
        <source>Free</source>
        <translation>免费</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="211" />
        <source>Paid</source>
        <translation>付费</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="212" />
        <source>What you will study</source>
        <translation>你将学习的内容</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="213" />
        <source>Go to Library</source>
        <translation>前往我的课程</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="252" />
        <source>Showing the catalog saved on this computer (the store cannot be reached).</source>
        <translation>正在显示本机保存的课程目录（无法连接商店）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/store.py" line="279" />
        <source>%n course(s)</source>
        <translation>
            <numerusform>%n 门课程</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="304" />
        <source>Loading…</source>
        <translation>正在加载……</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/store.py" line="329" />
        <source>%n lesson(s)</source>
        <translation>
            <numerusform>%n 课时</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="339" />
        <source>Get for free</source>
        <translation>免费获取</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="340" />
        <source>Buy for %1</source>
        <translation>购买 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="343" />
        <source>This course is in your library.</source>
        <translation>这门课程已在你的课程库中。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="376" />
        <source>Contacting the store…</source>
        <translation>正在联系商店……</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="386" />
        <source>Thank you! “%1” is in your library. Download it there to study offline.</source>
        <translation>谢谢！“%1”已加入你的课程库。在那里下载后即可离线学习。</translation>
    </message>
</context>
<context>
    <name>_AnswerArea</name>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="99" />
        <source>True</source>
        <translation>正确</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="99" />
        <source>False</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="124" />
        <source>Type a number</source>
        <translation>输入数字</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quiz_view.py" line="131" />
        <source>Type your answer</source>
        <translation>输入你的答案</translation>
    </message>
</context>
<context>
    <name>_MediaPage</name>
    <message>
        <location filename="../../ui/widgets/lesson_view.py" line="209" />
        <source>Transcript</source>
        <translation>文字稿</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lesson_view.py" line="211" />
        <source>Audio lesson</source>
        <translation>音频课</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lesson_view.py" line="255" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lesson_view.py" line="255" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/lesson_view.py" line="266" />
        <source>This media file cannot be played: %1</source>
        <translation>无法播放此媒体文件：%1</translation>
    </message>
</context>
<context>
    <name>_PdfPage</name>
    <message>
        <location filename="../../ui/widgets/lesson_view.py" line="126" />
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
</context>
</TS>