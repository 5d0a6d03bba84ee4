<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Satchel</source>
        <translation>关于 Satchel</translation>
    </message>
    <message>
        <source>Satchel %1</source>
        <translation>Satchel %1</translation>
    </message>
    <message>
        <source>Study your courses offline; your progress syncs with the store when you are online.</source>
        <translation>离线学习你的课程；联网时，学习进度会与商店同步。</translation>
    </message>
    <message>
        <source>Managed by %1.</source>
        <translation>由%1管理。</translation>
    </message>
    <message>
        <source>your organisation</source>
        <translation>你的机构</translation>
    </message>
    <message>
        <source>Help: %1</source>
        <translation>帮助：%1</translation>
    </message>
    <message>
        <source>Check for updates</source>
        <translation>检查更新</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>No store is set up yet, so Satchel cannot check for updates. Try again once Satchel has started.</source>
        <translation>尚未设置商店，Satchel 无法检查更新。请在 Satchel 启动完成后再试。</translation>
    </message>
    <message>
        <source>Asking the store for a newer version…</source>
        <translation>正在向商店查询新版本…</translation>
    </message>
    <message>
        <source>Satchel %1 is the newest version.</source>
        <translation>Satchel %1 已是最新版本。</translation>
    </message>
    <message>
        <source>Satchel %1 is available (you have %2). The download is %3.</source>
        <translation>Satchel %1 现已可用（你的版本是 %2），下载大小为 %3。</translation>
    </message>
    <message>
        <source>Downloading Satchel %1…</source>
        <translation>正在下载 Satchel %1…</translation>
    </message>
    <message>
        <source>Downloaded and checked: the file matches the SHA-256 checksum the store announced. It is saved as %1.</source>
        <translation>已下载并校验：文件与商店公布的 SHA-256 校验和一致，已保存为 %1。</translation>
    </message>
</context>
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
    <message numerus="yes">
        <location filename="../../ui/models/catalog.py" line="144" />
        <source>%n lesson(s)</source>
        <translation>
            <numerusform>%n 课时</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConfirmPurchaseDialog</name>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="129" />
        <source>Confirm your purchase</source>
        <translation>确认购买</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="131" />
        <source>You asked to buy “%1” while Satchel could not reach the store. The store is reachable again: confirm the current price to finish the purchase. Nothing has been charged yet.</source>
        <translation>你在 Satchel 无法连接商店时申请购买“%1”。现在已能连接商店：请确认当前价格以完成购买。目前尚未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="134" />
        <source>Price now: %1</source>
        <translation>当前价格：%1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="138" />
        <source>The price changed since you asked to buy: it was &lt;s&gt;%1&lt;/s&gt;, it is now &lt;b&gt;%2&lt;/b&gt;.</source>
        <translation>自你申请购买以来价格有变：原价 &lt;s&gt;%1&lt;/s&gt;，现价 &lt;b&gt;%2&lt;/b&gt;。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="146" />
        <source>Pay with a card</source>
        <translation>用银行卡支付</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="147" />
        <source>Use a voucher code from your institution</source>
        <translation>使用机构提供的兑换码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="148" />
        <source>Card number</source>
        <translation>卡号</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="149" />
        <source>Voucher code</source>
        <translation>兑换码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="150" />
        <source>Demo store: test card %1 is accepted, %2 is declined. No real money is charged.</source>
        <translation>演示商店：测试卡 %1 会支付成功，%2 会被拒绝。不会产生真实扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="153" />
        <source>Confirm and pay %1</source>
        <translation>确认并支付 %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="154" />
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="155" />
        <source>Cancel purchase</source>
        <translation>取消购买</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>your organisation</source>
        <translation>你的机构</translation>
    </message>
    <message>
        <source>Some courses provided by %1 could not be added to your library:</source>
        <translation>%1 提供的部分课程无法加入你的课程库：</translation>
    </message>
    <message>
        <source>Please tell your IT department.</source>
        <translation>请告知你们的 IT 部门。</translation>
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
    <message>
        <location filename="../../ui/screens/course.py" line="186" />
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="188" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="189" />
        <source>Edit the selected note (or double-click it)</source>
        <translation>编辑所选笔记（或双击笔记）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="190" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="191" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="192" />
        <source>Delete the selected note (Ctrl+Z undoes)</source>
        <translation>删除所选笔记（按 Ctrl+Z 可撤销）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="193" />
        <source>Note deleted.</source>
        <translation>笔记已删除。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="194" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Mark as not done</source>
        <translation>标记为未完成</translation>
    </message>
    <message>
        <source>Mark as done</source>
        <translation>标记为已完成</translation>
    </message>
    <message>
        <source>Count this lesson as not done again; it starts over</source>
        <translation>把这节课重新算作未完成；进度从头开始</translation>
    </message>
    <message>
        <source>Count this lesson as done now, whatever its rule</source>
        <translation>现在就把这节课算作已完成，不论完成条件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="1" />
        <source>Rate this course…</source>
        <translation>为这门课程评分…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="1" />
        <source>Edit your review…</source>
        <translation>修改你的评价…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="1" />
        <source>waiting to be sent to the store</source>
        <translation>等待发送到商店</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="1" />
        <source>not accepted by the store: %1</source>
        <translation>商店未接受：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="1" />
        <source>hidden from other learners by the store's moderators</source>
        <translation>已被商店管理员对其他学员隐藏</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="1" />
        <source>published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <location filename="../../ui/screens/course.py" line="1" />
        <source>Your rating: %1 (%2)</source>
        <translation>你的评分：%1（%2）</translation>
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
    <message>
        <source>Help: %1</source>
        <translation>帮助：%1</translation>
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
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/format.py" line="38" />
        <source>%n h</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
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
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/format.py" line="83" />
        <source>%n h ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
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
    <message>
        <location filename="../../ui/format.py" line="61" />
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="68" />
        <source>%n s left</source>
        <translation>还剩 %n 秒</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="71" />
        <source>%n min left</source>
        <translation>还剩 %n 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/format.py" line="72" />
        <source>%1 left</source>
        <translation>还剩 %1</translation>
    </message>
    <message>
        <source>Offline — store unreachable since %1</source>
        <translation>离线——自 %1 起无法连接商店</translation>
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
            <numerusform>目标已创建，共 %n 次学习安排。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/goals.py" line="278" />
        <source>Delete the goal “%1” and its plan?</source>
        <translation>删除目标“%1”及其学习计划？</translation>
    </message>
    <message>
        <source>Finish %1</source>
        <translation>完成 %1</translation>
    </message>
    <message>
        <source>Behind by %1. Re-plan to spread what is left over the days before %2.</source>
        <translation>落后 %1。重新规划，把剩余内容分配到 %2 之前的日子。</translation>
    </message>
    <message>
        <source>Delete the goal %1 and its plan?</source>
        <translation>删除目标 %1 及其计划？</translation>
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
    <message>
        <source>This profile is not signed in to the store. Everything you study is kept here; sign in to sync it to your other devices and to buy courses.</source>
        <translation>此档案尚未登录商店。你学习的一切都保存在这里；登录后即可同步到你的其他设备，也可以购买课程。</translation>
    </message>
    <message>
        <source>None you can study now.</source>
        <translation>目前没有可以复习的题目。</translation>
    </message>
    <message>
        <source>On track with %1.</source>
        <translation>%1 进展正常。</translation>
    </message>
    <message>
        <source>Behind on %1 by %2.</source>
        <translation>%1 落后 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="0" />
        <source>Also in the store</source>
        <translation>商店里的其他课程</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="1" />
        <source>Rated %1 by %2 learners</source>
        <translation>%2 位学员评分 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/home.py" line="1" />
        <source>Rated %1 by %2 learners who also have the goal “%3”</source>
        <translation>%2 位同样以“%3”为目标的学员评分 %1</translation>
    </message>
</context>
<context>
    <name>Institution</name>
    <message>
        <source>Satchel could not use your organisation's settings file, so it starts with its own settings.

%1

Please tell your IT department.</source>
        <translation>Satchel 无法使用你所在机构的设置文件，因此以自身的设置启动。

%1

请告知你们的 IT 部门。</translation>
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
            <numerusform>剩余 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="109" />
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="122" />
        <source>Paused at %1%</source>
        <translation>已暂停于 %1%</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="125" />
        <source>Download damaged — retry</source>
        <translation>下载的文件已损坏——请重试</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="126" />
        <source>Disk full — download stopped</source>
        <translation>磁盘已满——下载已停止</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="127" />
        <source>Store unreachable — download stopped</source>
        <translation>无法连接商店——下载已停止</translation>
    </message>
    <message>
        <location filename="../../ui/models/library.py" line="128" />
        <source>Download failed — retry</source>
        <translation>下载失败——请重试</translation>
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
    <message>
        <location filename="../../ui/screens/library.py" line="90" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="91" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../ui/screens/library.py" line="147" />
        <source>Retry</source>
        <translation>重试</translation>
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
    <message>
        <source>Stay signed in on this computer</source>
        <translation>在这台电脑上保持登录</translation>
    </message>
    <message>
        <source>Opens your profile without a password next time. Leave it off on a computer you share; your password then unlocks it, offline too.</source>
        <translation>下次无需密码即可打开你的档案。在与他人共用的电脑上请不要勾选；届时用密码解锁，离线也可以。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Coaching</source>
        <translation>辅导</translation>
    </message>
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
    <message>
        <source>Satchel — %1</source>
        <translation>Satchel — %1</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Check for updates…</source>
        <translation>检查更新…</translation>
    </message>
    <message>
        <source>About Satchel</source>
        <translation>关于 Satchel</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Switch profile…</source>
        <translation>切换档案…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Closing the profile…</source>
        <translation>正在关闭档案…</translation>
    </message>
    <message>
        <source>No profile open</source>
        <translation>未打开档案</translation>
    </message>
    <message>
        <source>%1 — not signed in to the store</source>
        <translation>%1 — 未登录商店</translation>
    </message>
    <message>
        <source>Export my data…</source>
        <translation>导出我的数据…</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Search the store</source>
        <translation>搜索商店</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Text size %1%</source>
        <translation>文字大小 %1%</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1" />
        <source>Teaching</source>
        <translation>教学</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="1" />
        <source>Store status</source>
        <translation>商店状态</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Publish a course…</source>
        <translation>发布课程…</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The store knows no class with the code '%1' set by your organisation ([store] group_code in institution.toml); ask your IT department to check it.</source>
        <translation>商店中没有您的机构设置的代码为“%1”的班级（institution.toml 中的 [store] group_code）；请联系 IT 部门检查。</translation>
    </message>
    <message>
        <source>There is no group with this code; check it with your teacher.</source>
        <translation>没有使用此代码的班级；请向老师核对。</translation>
    </message>
    <message>
        <source>A class code has at least 4 characters; check the code your teacher gave you.</source>
        <translation>班级代码至少有 4 个字符；请核对老师给您的代码。</translation>
    </message>
    <message>
        <source>That is not a class code; check the code your teacher gave you.</source>
        <translation>这不是班级代码；请核对老师给您的代码。</translation>
    </message>
    <message>
        <source>to join the class</source>
        <translation>以加入班级</translation>
    </message>
    <message>
        <source>to leave the class</source>
        <translation>以退出班级</translation>
    </message>
    <message>
        <source>to fetch the report</source>
        <translation>以获取报告</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="37" />
        <source>Sync stopped because of an unexpected problem; it was recorded in the log.</source>
        <translation>同步因意外问题而停止；问题已记录在日志中。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="39" />
        <source>Your sign-in has expired. Please sign in again.</source>
        <translation>你的登录已过期，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="40" />
        <source>Sign in first to sync your progress.</source>
        <translation>请先登录，才能同步你的学习进度。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="41" />
        <source>You are not signed in to the store. Sign in to sync.</source>
        <translation>你尚未登录商店。登录后即可同步。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="42" />
        <source>Your sign-in has expired or was revoked. Sign in again to sync; your offline progress is kept and will be sent then.</source>
        <translation>你的登录已过期或被撤销。请重新登录以同步；离线期间的进度会保留，届时一并发送。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="44" />
        <source>The store no longer accepts this sign-in. Sign in again.</source>
        <translation>商店不再接受此登录，请重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="45" />
        <source>The connection to the store was cut while reading its answer.</source>
        <translation>读取商店回复时连接中断了。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="47" />
        <source>The store sent an answer Satchel does not understand. The store may be newer than this app; check for an update.</source>
        <translation>商店发来的回复 Satchel 无法识别。商店可能比本应用新，请检查更新。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="49" />
        <source>The store did not confirm every learning event it was sent; they stay queued and will be sent again.</source>
        <translation>商店没有确认收到全部学习记录；这些记录仍在队列中，稍后会重新发送。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="51" />
        <source>Please enter a valid email address, such as name@example.org.</source>
        <translation>请输入有效的电子邮件地址，例如 name@example.org。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="53" />
        <source>Choose a password with at least 8 characters.</source>
        <translation>请设置至少 8 个字符的密码。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="54" />
        <source>Please enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="55" />
        <source>Wrong email or password.</source>
        <translation>电子邮件或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="56" />
        <source>Too many attempts; wait a minute and try again.</source>
        <translation>尝试次数过多，请稍等一分钟再试。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="58" />
        <source>You do not have access to this course on this device yet. Buy it or connect to the store to check your purchases.</source>
        <translation>你在这台设备上还不能学习这门课程。请购买，或连接商店核对你的购买记录。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="60" />
        <source>This course is not in your purchases (it may have been refunded). Connect to the store to check.</source>
        <translation>这门课程不在你的购买记录中（可能已退款）。请连接商店核对。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="62" />
        <source>Your offline access has expired. Connect to the internet once so Satchel can renew it with the store.</source>
        <translation>你的离线学习权限已过期。请联网一次，以便 Satchel 向商店续期。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="65" />
        <source>This course is not downloaded yet. Download it from your Library to study it offline.</source>
        <translation>这门课程尚未下载。请在“我的课程”中下载，即可离线学习。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="67" />
        <source>The key for this paid course is missing on this device. Sync while online, then open the course again.</source>
        <translation>这台设备上缺少这门付费课程的密钥。请联网同步后再打开课程。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="69" />
        <source>This course was unlocked for another device key. Remove the download and download it again while signed in.</source>
        <translation>这门课程是为另一个设备密钥解锁的。请删除下载，并在登录状态下重新下载。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="71" />
        <source>Downloads need the store.</source>
        <translation>下载需要连接商店。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="72" />
        <source>Sign in to download your courses.</source>
        <translation>请登录后下载你的课程。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="73" />
        <source>Satchel cannot reach the store right now to download the course. What was downloaded is kept; resume the download when you are back online.</source>
        <translation>Satchel 现在无法连接商店来下载课程。已下载的部分会保留；恢复联网后请继续下载。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="77" />
        <source>This course's details are not on this computer yet, and the store cannot be reached. Connect to the internet to see them.</source>
        <translation>这台电脑上还没有这门课程的详细信息，而且无法连接商店。请联网后查看。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="80" />
        <source>Sign in or create an account to get this course.</source>
        <translation>请登录或注册账户以获取这门课程。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="81" />
        <source>You are offline. Your purchase is saved; when you are back online Satchel will show you the price to confirm. Nothing is charged until then.</source>
        <translation>你目前处于离线状态。购买申请已保存；恢复联网后，Satchel 会请你确认价格。在此之前不会扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="84" />
        <source>Thank you! The course is in your library.</source>
        <translation>谢谢！课程已加入“我的课程”。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="85" />
        <source>The payment is not confirmed yet; Satchel will check again.</source>
        <translation>付款尚未确认；Satchel 会再次核对。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="87" />
        <source>That purchase no longer exists.</source>
        <translation>该购买已不存在。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="88" />
        <source>A purchase of this course is already waiting; it will be completed when you are online.</source>
        <translation>这门课程已有一笔待完成的购买；联网后即可完成。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="90" />
        <source>This purchase was already sent to the store; it cannot be cancelled here. Ask for a refund from your purchases instead.</source>
        <translation>该购买已提交给商店，无法在此取消。请改为在购买记录中申请退款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="93" />
        <source>Satchel has not checked the current price yet. Connect to the store and confirm the price first.</source>
        <translation>Satchel 尚未核对当前价格。请先连接商店并确认价格。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="95" />
        <source>This purchase is closed; start a new one.</source>
        <translation>该购买已关闭，请重新购买。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="96" />
        <source>You already own this course; nothing was charged. It appears in your library after the next sync.</source>
        <translation>你已拥有这门课程，未产生扣款。下次同步后它会出现在“我的课程”中。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="98" />
        <source>This course is no longer offered by the store.</source>
        <translation>商店已不再提供这门课程。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="99" />
        <source>The store cancelled this order; you were not charged.</source>
        <translation>商店取消了这笔订单；你没有被扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="100" />
        <source>The card was declined.</source>
        <translation>银行卡被拒绝。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="101" />
        <source>This is not a sandbox test card. Use 4242 4242 4242 4242 (payment succeeds) or 4000 0000 0000 0002 (card declined).</source>
        <translation>这不是沙盒测试卡。请使用 4242 4242 4242 4242（支付成功）或 4000 0000 0000 0002（银行卡被拒）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="105" />
        <source>Write something first: the note is empty.</source>
        <translation>请先写点内容：笔记是空的。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="106" />
        <source>That note no longer exists.</source>
        <translation>该笔记已不存在。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="107" />
        <source>Download the course first: the plan is made from its lessons.</source>
        <translation>请先下载课程：学习计划是根据课程内容制定的。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="109" />
        <source>Give your goal a name, for example “Finish Python Foundations”.</source>
        <translation>请为目标命名，例如“学完 Python 基础”。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="111" />
        <source>Pick a target date after today.</source>
        <translation>请选择今天之后的目标日期。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="112" />
        <source>Choose between 0.5 and 80 hours a week.</source>
        <translation>请选择每周 0.5 到 80 小时之间的学习时间。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="113" />
        <source>This goal has no course or date to plan for.</source>
        <translation>这个目标没有可用于制定计划的课程或日期。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="114" />
        <source>That goal no longer exists.</source>
        <translation>该目标已不存在。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="115" />
        <source>Sign in first: Satchel keeps your answers under your account.</source>
        <translation>请先登录：Satchel 会把你的答题记录保存在你的账户下。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="117" />
        <source>Sign in first: Satchel keeps your progress under your account.</source>
        <translation>请先登录：Satchel 会把你的学习进度保存在你的账户下。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="129" />
        <source>to sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="130" />
        <source>to download the course</source>
        <translation>下载课程</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="132" />
        <source>to buy the course</source>
        <translation>购买课程</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="133" />
        <source>to finish the payment</source>
        <translation>完成付款</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="135" />
        <source>to sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="136" />
        <source>to update the catalog</source>
        <translation>更新课程目录</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="138" />
        <source>to show this course</source>
        <translation>显示这门课程</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="139" />
        <source>to list your devices</source>
        <translation>列出你的设备</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="141" />
        <source>to sign that device out</source>
        <translation>让该设备退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="149" />
        <source>Satchel cannot reach the store right now. Check your connection; everything you do offline is kept and sent later.</source>
        <translation>Satchel 现在无法连接商店。请检查网络连接；你离线时的所有学习都会保留，稍后发送。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="152" />
        <source>Satchel cannot reach the store right now %1. Check your connection; everything you do offline is kept and sent later.</source>
        <translation>Satchel 现在无法连接商店，无法%1。请检查网络连接；你离线时的所有学习都会保留，稍后发送。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="166" />
        <source>The store at %1 could not be reached. Check your internet connection; Satchel keeps working offline and will sync later.</source>
        <translation>无法连接位于 %1 的商店。请检查网络连接；Satchel 可以离线继续使用，稍后会同步。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="171" />
        <source>The connection to the store was interrupted (%1).</source>
        <translation>与商店的连接中断了（%1）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="176" />
        <source>The store had a problem (HTTP %1) and did not finish the request. Satchel will try again later.</source>
        <translation>商店出现问题（HTTP %1），未能完成请求。Satchel 稍后会重试。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="180" />
        <source>The store refused the request (HTTP %1).</source>
        <translation>商店拒绝了请求（HTTP %1）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="185" />
        <source>There is not enough free disk space in %1 to finish this download (%2 more needed). Free some space, then resume the download; what was already downloaded is kept.</source>
        <translation>%1 所在磁盘的可用空间不足，无法完成下载（还需要 %2）。请释放一些空间后继续下载；已下载的部分会保留。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="193" />
        <source>The download of %1 arrived damaged (its checksum does not match), so it was deleted. Try the download again; if this keeps happening, the store's copy may be broken.</source>
        <translation>下载的 %1 已损坏（校验和不匹配），已将其删除。请重新下载；如果反复出现这种情况，可能是商店上的文件有问题。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="199" />
        <source>The course file failed its checks: %1. It was deleted; try downloading it again.</source>
        <translation>课程文件未通过检查：%1。文件已删除，请重新下载。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="205" />
        <source>The connection was lost while downloading %1. What was downloaded is kept; the download resumes when the store is reachable again.</source>
        <translation>下载 %1 时连接中断。已下载的部分会保留；能连接商店后会继续下载。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="211" />
        <source>The store stopped sending %1. The download is kept and resumes next time.</source>
        <translation>商店停止发送 %1。已下载的部分会保留，下次继续。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="216" />
        <source>Enter a card number (in the demo store use the test card %1).</source>
        <translation>请输入卡号（演示商店请使用测试卡 %1）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="221" />
        <source>The price of this course changed to %1. Please check the new price and buy again; you were not charged.</source>
        <translation>这门课程的价格已变为 %1。请核对新价格后重新购买；你没有被扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="226" />
        <source>This purchase was already started at %1. Please confirm that price to finish it.</source>
        <translation>这笔购买已按 %1 发起。请确认该价格以完成购买。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="232" />
        <source>The price changed before your order went through. Please confirm the new price; you were not charged %1.</source>
        <translation>在你的订单完成前价格发生了变化。请确认新价格；你没有被扣除 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="236" />
        <source>A note can hold at most %1 characters.</source>
        <translation>一条笔记最多可容纳 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="241" />
        <source>Could not save your account details in %1: %2</source>
        <translation>无法将账户信息保存到 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="243" />
        <source>Could not write the export to %1: %2</source>
        <translation>无法将导出内容写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="245" />
        <source>Could not delete %1: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
    <message>
        <source>This course is no longer in your library. Get it again in the Store to review it.</source>
        <translation>这门课程已不在你的课程库中。请在商店重新获取后再复习。</translation>
    </message>
    <message>
        <source>This course is locked on this device.</source>
        <translation>这门课程在此设备上已锁定。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This lesson is not a free preview; buy the course to open it.</source>
        <translation>本课不是免费试看内容；购买课程后即可打开。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>This lesson is not a free preview.</source>
        <translation>本课不是免费试看内容。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>The store cannot be reached, and this preview was not opened on this computer before. Connect to the internet to open it.</source>
        <translation>无法连接商店，而且这台电脑上还没有打开过这节试看课。请连接互联网后再打开。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>The store sent a damaged preview file; try again.</source>
        <translation>商店发送的试看文件已损坏，请重试。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>to open this preview</source>
        <translation>打开这节试看课</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Choose between 1 and 5 stars.</source>
        <translation>请选择 1 到 5 颗星。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Only a course you own can be rated.</source>
        <translation>只能为你拥有的课程评分。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>You have not rated this course.</source>
        <translation>你还没有为这门课程评分。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Enter a coupon code.</source>
        <translation>请输入优惠码。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Sign in or create an account to use a coupon.</source>
        <translation>请登录或创建账户后再使用优惠券。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>The store refused the coupon.</source>
        <translation>商店拒绝了此优惠券。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>to check the coupon</source>
        <translation>核对优惠券</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>There is no coupon '%1'.</source>
        <translation>没有优惠码为“%1”的优惠券。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>The coupon %1 expired on %2.</source>
        <translation>优惠券 %1 已于 %2 过期。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>The coupon %1 has been used up (%2 uses).</source>
        <translation>优惠券 %1 已用完（共 %2 次）。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>The coupon %1 is not for this course.</source>
        <translation>优惠券 %1 不适用于本课程。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>You were not charged.</source>
        <translation>你未被扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>to load the store's status</source>
        <translation>加载商店状态</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>to load your teaching figures</source>
        <translation>加载你的教学数据</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>To encrypt a course, choose its folder (a packed .satchel file is published as it is).</source>
        <translation>要加密课程，请选择课程文件夹（已打包的 .satchel 文件会按原样发布）。</translation>
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
    <message>
        <location filename="../../ui/models/outline.py" line="1" />
        <source>free preview: opens without buying</source>
        <translation>免费试看：无需购买即可打开</translation>
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
    <message>
        <source>Double-click or press Enter to open this lesson</source>
        <translation>双击或按回车键打开此课时</translation>
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
            <numerusform>%n 项</numerusform>
        </translation>
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
            <numerusform>有效，但有 %n 条警告。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/preview.py" line="187" />
        <source>Not valid: %n error(s)</source>
        <translation>
            <numerusform>无效：%n 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/preview.py" line="189" />
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 条警告</numerusform>
        </translation>
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
            <numerusform>最近 %n 天</numerusform>
        </translation>
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
    <name>PurchaseConfirmer</name>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="235" />
        <source>Contacting the store…</source>
        <translation>正在联系商店……</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="254" />
        <source>Purchase complete</source>
        <translation>购买完成</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="255" />
        <source>Thank you! “%1” is in your library. Download it there to study offline.</source>
        <translation>谢谢！“%1”已加入“我的课程”。在那里下载后即可离线学习。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="279" />
        <source>Cancelling…</source>
        <translation>正在取消……</translation>
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
            <numerusform>今日有 %n 道题待复习</numerusform>
        </translation>
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
    <message>
        <source>None of today's reviews can be studied now.</source>
        <translation>今天到期的复习目前都无法进行。</translation>
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
        <source>You are not in any class.</source>
        <translation>您没有加入任何班级。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>You coach this class.</source>
        <translation>您是这个班级的辅导老师。</translation>
    </message>
    <message>
        <source>no coach yet</source>
        <translation>暂无辅导老师</translation>
    </message>
    <message>
        <source>Coaches: %1</source>
        <translation>辅导老师：%1</translation>
    </message>
    <message>
        <source>They can see: %1</source>
        <translation>他们可以看到：%1</translation>
    </message>
    <message>
        <source>Your classes:</source>
        <translation>您的班级：</translation>
    </message>
    <message>
        <source>(as of %1; the store cannot be reached right now)</source>
        <translation>（截至 %1；目前无法连接商店）</translation>
    </message>
    <message>
        <source>Leave %1…</source>
        <translation>退出 %1…</translation>
    </message>
    <message>
        <source>Leave the class</source>
        <translation>退出班级</translation>
    </message>
    <message>
        <source>Leave %1? Its coaches will no longer see your progress; you can join again with the class code.</source>
        <translation>退出 %1？其辅导老师将不再看到您的学习进度；您可以用班级代码再次加入。</translation>
    </message>
    <message>
        <source>Join a class…</source>
        <translation>加入班级…</translation>
    </message>
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
    <message>
        <source>your organisation</source>
        <translation>你的机构</translation>
    </message>
    <message>
        <source>Set by %1</source>
        <translation>由%1设定</translation>
    </message>
    <message>
        <source>About Satchel</source>
        <translation>关于 Satchel</translation>
    </message>
    <message>
        <source>Satchel %1</source>
        <translation>Satchel %1</translation>
    </message>
    <message>
        <source>Managed by %1.</source>
        <translation>由%1管理。</translation>
    </message>
    <message>
        <source>Help: %1</source>
        <translation>帮助：%1</translation>
    </message>
    <message>
        <source>Share anonymous usage statistics</source>
        <translation>分享匿名使用统计</translation>
    </message>
    <message>
        <source>Most review questions per day</source>
        <translation>每日复习题目上限</translation>
    </message>
    <message>
        <source>Email shown when signing in</source>
        <translation>登录时显示的邮箱</translation>
    </message>
    <message>
        <source>About Satchel…</source>
        <translation>关于 Satchel…</translation>
    </message>
    <message>
        <source>Check for updates…</source>
        <translation>检查更新…</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Switch profile…</source>
        <translation>切换档案…</translation>
    </message>
    <message>
        <source>This is %1's profile. It is not signed in to the store: your work is kept here; sign in to sync it.</source>
        <translation>这是 %1 的档案。它尚未登录商店：你的学习记录保存在这里；登录后即可同步。</translation>
    </message>
    <message>
        <source>This profile opens without a password on this computer. Sign out to lock it: then only your password opens it.</source>
        <translation>在这台电脑上，此档案无需密码即可打开。退出登录即可锁定它：之后只有你的密码才能打开。</translation>
    </message>
    <message>
        <source>This computer has no secure password store (keyring): Satchel asks for your password when it starts, and that works offline. To be asked less often, install and unlock GNOME Keyring or KWallet.</source>
        <translation>这台电脑没有安全的密码存储（密钥环）：Satchel 启动时会询问你的密码，离线时也可以。若想少输几次密码，请安装并解锁 GNOME Keyring 或 KWallet。</translation>
    </message>
    <message>
        <source>This profile needs your password to open.</source>
        <translation>此档案需要你的密码才能打开。</translation>
    </message>
    <message>
        <source>Delete your profile from this computer: your learning record, notes, goals and the downloaded courses no other profile uses? Anything not yet synced is lost. Your account and purchases in the store are kept, and what was synced comes back when you sign in.</source>
        <translation>要从这台电脑上删除你的档案吗？包括学习记录、笔记、目标，以及其他档案没有使用的已下载课程。尚未同步的内容将会丢失。你在商店中的账户和购买记录会保留，已同步的内容在你登录后会恢复。</translation>
    </message>
    <message>
        <source>Satchel connects to %1 after a restart; until then it keeps using %2.</source>
        <translation>重新启动后 Satchel 将连接到 %1；在此之前仍使用 %2。</translation>
    </message>
    <message>
        <source>the built-in demo store</source>
        <translation>内置演示商店</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <source>your display name and email address</source>
        <translation>你的显示名称和电子邮件地址</translation>
    </message>
    <message>
        <source>which lessons and quizzes of the class's courses you completed</source>
        <translation>你完成了班级课程中的哪些课时和测验</translation>
    </message>
    <message>
        <source>your study time per week in those courses</source>
        <translation>你在这些课程中每周的学习时间</translation>
    </message>
    <message>
        <source>your quiz answers as right or wrong, per skill and per question</source>
        <translation>你的测验答案（对或错），按技能和按题目</translation>
    </message>
    <message>
        <source>your outcome score in those courses</source>
        <translation>你在这些课程中的学习成果分数</translation>
    </message>
    <message>
        <source>whether your goal for a course is on track or behind (not its title)</source>
        <translation>你某门课程的目标是按计划进行还是落后（不含目标标题）</translation>
    </message>
    <message>
        <source>when your app last synced</source>
        <translation>你的应用上次同步的时间</translation>
    </message>
    <message>
        <source>When you join a class of your institution (with its code, or because %1 set this copy up to), the class's coaches can see, for the class's courses only:</source>
        <translation>当你加入所在机构的班级时（用班级代码，或因为%1这样设置了本软件），该班级的辅导老师只能看到班级课程的以下内容：</translation>
    </message>
    <message>
        <source>All of it comes from what this app synced to the store; nothing else about you (notes, bookmarks, other courses, what you typed) is shown to them.</source>
        <translation>这些都来自本应用同步到商店的数据；你的其他信息（笔记、书签、其他课程、你输入的内容）都不会显示给他们。</translation>
    </message>
    <message>
        <source>Everything Satchel keeps about you, as JSON files in a zip</source>
        <translation>Satchel 保存的关于你的全部数据，以 JSON 文件打包为 zip</translation>
    </message>
    <message>
        <source>Study time (CSV)…</source>
        <translation>学习时间（CSV）…</translation>
    </message>
    <message>
        <source>Progress report (PDF)…</source>
        <translation>进度报告（PDF）…</translation>
    </message>
    <message>
        <source>Get certificate…</source>
        <translation>获取证书…</translation>
    </message>
    <message>
        <source>A signed PDF certificate for a course you completed (every lesson and quiz)</source>
        <translation>为你已完成（全部课时和测验）的课程获取一份签名的 PDF 证书</translation>
    </message>
    <message>
        <source>Study time (CSV)</source>
        <translation>学习时间（CSV）</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Progress report (PDF)</source>
        <translation>进度报告（PDF）</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Save the certificate</source>
        <translation>保存证书</translation>
    </message>
    <message>
        <source>Asking the store for your certificate…</source>
        <translation>正在向商店申请证书…</translation>
    </message>
    <message>
        <source>Certificate %1 saved to %2.</source>
        <translation>证书 %1 已保存到 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="0" />
        <source>Spaced reviews</source>
        <translation>间隔复习</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="0" />
        <source>Target retention</source>
        <translation>目标记忆保持率</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="0" />
        <source>How many of your review questions you want to still know when they come up. Higher means shorter gaps, so more reviews a day.</source>
        <translation>复习题出现时你希望仍然记得的比例。越高，间隔越短，每天的复习也越多。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="0" />
        <source>%1 reviews a day</source>
        <translation>每天 %1 道复习题</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="0" />
        <source>You have not answered any question yet, so no review is due. Reviews start the day after your first quiz.</source>
        <translation>你还没有答过题，所以没有需要复习的内容。复习从第一次测验后的第二天开始。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="0" />
        <source>At %1 %: about %2 over the next 30 days, for the %3 questions you have answered.</source>
        <translation>在 %1 % 时：未来 30 天内约 %2（针对你已答过的 %3 道题）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="0" />
        <source>%1 %: %2</source>
        <translation>%1 %：%2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="0" />
        <source>For comparison: %1.</source>
        <translation>对比：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="0" />
        <source>Review times are fitted to you: FSRS parameters learned from your own %1 reviews (re-fitted as you review more).</source>
        <translation>复习时间已根据你本人调整：FSRS 参数来自你自己的 %1 次复习（复习越多会重新拟合）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="0" />
        <source>Review times use the standard FSRS parameters until you have %1 reviews at least a day apart (you have %2); then Satchel fits them to how you remember.</source>
        <translation>在你有 %1 次间隔至少一天的复习之前（目前 %2 次），复习时间使用标准 FSRS 参数；之后 Satchel 会按你的记忆情况拟合参数。</translation>
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
    <message numerus="yes">
        <source>★ %1 (%n rating(s))</source>
        <translation>
            <numerusform>★ %1（%n 个评分）</numerusform>
        </translation>
    </message>
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
            <numerusform>%n 门课程</numerusform>
        </translation>
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
            <numerusform>%n 课时</numerusform>
        </translation>
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
    <message>
        <source>your organisation</source>
        <translation>你的机构</translation>
    </message>
    <message>
        <source>Get it with %1's seat code</source>
        <translation>使用%1的席位码获取</translation>
    </message>
    <message>
        <source>Buying is switched off by %1. You can add this course with its seat code, if it covers it.</source>
        <translation>%1 已关闭购买。如果席位码涵盖此课程，你可以用它添加本课程。</translation>
    </message>
    <message>
        <source>Buying is switched off by %1: your courses come from them. Ask them if you need this one.</source>
        <translation>%1 已关闭购买：你的课程由其提供。如需本课程，请向其询问。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="346" />
        <source>Tags: %1</source>
        <translation>标签：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="368" />
        <source>Your purchase of this course is saved. When Satchel can reach the store again it shows you the current price to confirm; nothing is charged until then.</source>
        <translation>你对这门课程的购买申请已保存。Satchel 能再次连接商店时，会请你确认当前价格；在此之前不会扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="457" />
        <source>Purchase saved</source>
        <translation>购买申请已保存</translation>
    </message>
    <message>
        <source>No results for “%1”.</source>
        <translation>没有找到与“%1”相关的课程。</translation>
    </message>
    <message>
        <source>No course matches these filters.</source>
        <translation>没有符合这些筛选条件的课程。</translation>
    </message>
    <message>
        <source>Did you mean “%1”?</source>
        <translation>你是不是要找“%1”？</translation>
    </message>
    <message>
        <source>Clear the filters</source>
        <translation>清除筛选条件</translation>
    </message>
    <message>
        <source>Pick a course in the list to see it here.</source>
        <translation>在列表中选择一门课程，即可在这里查看。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="1" />
        <source>Open preview</source>
        <translation>打开试看</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="1" />
        <source>Lessons in bold are free previews: double-click one to open it.</source>
        <translation>粗体显示的课时可免费试看：双击即可打开。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="1" />
        <source>Buy the course to open this lesson.</source>
        <translation>购买课程后才能打开本课。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store.py" line="1" />
        <source>This course is in your library: open the lesson there.</source>
        <translation>这门课程已在“我的课程”中：请在那里打开本课。</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../../ui/messages.py" line="26" />
        <source>Connecting to the store</source>
        <translation>正在连接商店</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="27" />
        <source>Sending your progress</source>
        <translation>正在发送你的学习进度</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="28" />
        <source>Updating the catalog</source>
        <translation>正在更新课程目录</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="29" />
        <source>Checking your courses</source>
        <translation>正在检查你的课程</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="30" />
        <source>Receiving progress from your other devices</source>
        <translation>正在接收你在其他设备上的进度</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="31" />
        <source>Checking pending purchases</source>
        <translation>正在检查待完成的购买</translation>
    </message>
    <message>
        <location filename="../../ui/messages.py" line="1" />
        <source>Sending your ratings and reviews</source>
        <translation>正在发送你的评分和评价</translation>
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
<context>
    <name>ProfilesScreen</name>
    <message>
        <source>Who is studying?</source>
        <translation>谁在学习？</translation>
    </message>
    <message>
        <source>Welcome to Satchel</source>
        <translation>欢迎使用 Satchel</translation>
    </message>
    <message>
        <source>Each account on this computer has its own profile: its progress, notes, goals and purchases are private and encrypted on disk. Downloaded courses are kept once and shared, but each profile can open only the ones it owns.</source>
        <translation>这台电脑上的每个账户都有自己的档案：学习进度、笔记、目标和购买记录都是私密的，并在磁盘上加密保存。下载的课程只保存一份、彼此共用，但每个档案只能打开自己拥有的课程。</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Stay signed in on this computer</source>
        <translation>在这台电脑上保持登录</translation>
    </message>
    <message>
        <source>Opens this profile without a password next time. Leave it off on a computer you share.</source>
        <translation>下次无需密码即可打开此档案。在与他人共用的电脑上请不要勾选。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Sign in to another account…</source>
        <translation>登录其他账户…</translation>
    </message>
    <message>
        <source>Create account…</source>
        <translation>创建账户…</translation>
    </message>
    <message>
        <source>Remove from this computer…</source>
        <translation>从这台电脑上移除…</translation>
    </message>
    <message>
        <source>This computer has no secure password store (keyring), so Satchel asks for your password each time it starts. That works offline too.</source>
        <translation>这台电脑没有安全的密码存储（密钥环），因此 Satchel 每次启动时都会询问你的密码。离线时也可以这样解锁。</translation>
    </message>
    <message>
        <source>opens without a password</source>
        <translation>无需密码即可打开</translation>
    </message>
    <message>
        <source>locked: type the password</source>
        <translation>已锁定：请输入密码</translation>
    </message>
    <message>
        <source>not unlocked on this computer yet: sign in online</source>
        <translation>尚未在这台电脑上解锁：请联网登录</translation>
    </message>
    <message>
        <source>Type the password of %1 to open it.</source>
        <translation>请输入 %1 的密码以打开它。</translation>
    </message>
    <message>
        <source>Remove profile</source>
        <translation>移除档案</translation>
    </message>
    <message>
        <source>Remove %1 from this computer? Its progress, notes and goals that were not synced are lost; what was synced stays in the account and comes back when you sign in again.</source>
        <translation>要从这台电脑上移除 %1 吗？尚未同步的学习进度、笔记和目标将会丢失；已同步的内容保留在账户中，再次登录后会恢复。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>CompletionLabel</name>
    <message>
        <source>To complete: read to the end</source>
        <translation>完成条件：读到末尾</translation>
    </message>
    <message>
        <source>To complete: read to the end (at least %1 on the page)</source>
        <translation>完成条件：读到末尾（在本页至少停留 %1）</translation>
    </message>
    <message>
        <source>To complete: reach the last page</source>
        <translation>完成条件：翻到最后一页</translation>
    </message>
    <message>
        <source>To complete: play at least %1% of it</source>
        <translation>完成条件：至少播放 %1%</translation>
    </message>
    <message>
        <source>To complete: spend %1 on it</source>
        <translation>完成条件：学习 %1</translation>
    </message>
    <message>
        <source>To complete: score at least %1% in the quiz</source>
        <translation>完成条件：测验得分至少 %1%</translation>
    </message>
    <message>
        <source>%1 of %2 s</source>
        <translation>%1 / %2 秒</translation>
    </message>
    <message>
        <source>%1 of %2 min</source>
        <translation>%1 / %2 分钟</translation>
    </message>
    <message>
        <source>at the end ✓</source>
        <translation>已读到末尾 ✓</translation>
    </message>
    <message>
        <source>not at the end yet</source>
        <translation>尚未读到末尾</translation>
    </message>
    <message>
        <source>%1 of %2 played</source>
        <translation>已播放 %1 / %2</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>Done ✓ · marked by you</source>
        <translation>已完成 ✓ · 由你标记</translation>
    </message>
    <message>
        <source>Done ✓</source>
        <translation>已完成 ✓</translation>
    </message>
</context>
<context>
    <name>Reviews</name>
    <message numerus="yes">
        <source>%n more due in “%1”, which is locked: %2</source>
        <translation>
            <numerusform>另有 %n 题在“%1”中到期，但该课程已锁定：%2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncDriver</name>
    <message>
        <location filename="../../ui/sync_driver.py" line="75" />
        <source>Sign in first to sync your progress.</source>
        <translation>请先登录，才能同步学习进度。</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>Certificate of completion</source>
        <translation>结业证书</translation>
    </message>
    <message>
        <source>This certifies that</source>
        <translation>兹证明</translation>
    </message>
    <message>
        <source>completed the course</source>
        <translation>已完成课程</translation>
    </message>
    <message>
        <source>on %1 (version %2)</source>
        <translation>完成日期 %1（版本 %2）</translation>
    </message>
    <message>
        <source>Verification code: %1</source>
        <translation>验证码：%1</translation>
    </message>
    <message>
        <source>Issued by %1 and signed with its key %2.</source>
        <translation>由 %1 签发，并以其密钥 %2 签名。</translation>
    </message>
    <message>
        <source>Check it offline with: satchel-bundle verify-certificate FILE, or online at the store (POST /v1/certificates/verify).</source>
        <translation>离线验证：satchel-bundle verify-certificate 文件；或在商店在线验证（POST /v1/certificates/verify）。</translation>
    </message>
    <message>
        <source>Progress report</source>
        <translation>学习进度报告</translation>
    </message>
    <message>
        <source>Lesson or quiz</source>
        <translation>课时或测验</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>作答</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>答对</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>LessonPreviewDialog</name>
    <message>
        <location filename="../../ui/dialogs/lesson_preview.py" line="1" />
        <source>Free preview — %1</source>
        <translation>免费试看 — %1</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lesson_preview.py" line="1" />
        <source>Free preview of “%1”. Nothing is recorded; buy the course to study all of it.</source>
        <translation>“%1”的免费试看。不会记录学习进度；购买课程即可学习全部内容。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lesson_preview.py" line="1" />
        <source>Opening %1…</source>
        <translation>正在打开 %1……</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/lesson_preview.py" line="1" />
        <source>This lesson cannot be opened:</source>
        <translation>无法打开本课：</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>Rate “%1”</source>
        <translation>为“%1”评分</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>How useful was this course to you? (keys 1–5)</source>
        <translation>这门课程对你有多大帮助？（可按 1–5 键）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>%1 of 5 stars</source>
        <translation>5 星中的 %1 星</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>What did you like, what was missing? (optional; other learners will read it)</source>
        <translation>你喜欢什么，还缺少什么？（可选；其他学员会看到）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>Delete my review</source>
        <translation>删除我的评价</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>Poor</source>
        <translation>差</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>Fair</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>Good</source>
        <translation>好</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>Very good</source>
        <translation>很好</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>Excellent</source>
        <translation>非常好</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>Choose 1 to 5 stars</source>
        <translation>请选择 1 到 5 颗星</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>The review is %1 characters long; at most %2 are kept by the store.</source>
        <translation>这条评价有 %1 个字符；商店最多保存 %2 个。</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/review.py" line="1" />
        <source>Saved on this computer at once, and sent to the store the next time Satchel syncs.</source>
        <translation>会立即保存在这台电脑上，并在 Satchel 下次同步时发送到商店。</translation>
    </message>
</context>
<context>
    <name>CouponBox</name>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="1" />
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="1" />
        <source>Coupon code from the instructor</source>
        <translation>讲师提供的优惠码</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="1" />
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="1" />
        <source>Checking the coupon…</source>
        <translation>正在核对优惠券…</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/purchase.py" line="1" />
        <source>Coupon %1 applied: you pay %2 instead of %3.</source>
        <translation>已使用优惠券 %1：你只需支付 %2（原价 %3）。</translation>
    </message>
</context>
<context>
    <name>TeachingScreen</name>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Loading your teaching figures…</source>
        <translation>正在加载你的教学数据…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>You have no published course yet.</source>
        <translation>你还没有已发布的课程。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Not enough learners yet — figures about learners appear once %1 learners have studied this course.</source>
        <translation>学习者还不够多——至少 %1 名学习者学习本课程后，才会显示有关学习者的数据。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>average study time %1</source>
        <translation>平均学习时长 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>No answers yet.</source>
        <translation>还没有答题记录。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Rating: not enough learners yet</source>
        <translation>评分：学习者还不够多</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Net revenue by month</source>
        <translation>每月净收入</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Net revenue</source>
        <translation>净收入</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Teaching</source>
        <translation>教学</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Net revenue this month</source>
        <translation>本月净收入</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Sales this month (refunds)</source>
        <translation>本月销售（退款）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Enrolments this month</source>
        <translation>本月报名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Course:</source>
        <translation>课程：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Completion by lesson</source>
        <translation>各课完成情况</translation>
    </message>
    <message>
        <location filename="../../ui/screens/teaching.py" line="1" />
        <source>Quiz item analysis</source>
        <translation>测验题目分析</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/teaching.py" />
        <source>%n learner(s) enrolled</source>
        <translation>
            <numerusform>已报名 %n 名学习者</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/teaching.py" />
        <source>%n active</source>
        <translation>
            <numerusform>%n 名活跃</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/teaching.py" />
        <source>Rating: ★ %1 (%n rating(s))</source>
        <translation>
            <numerusform>评分：★ %1（%n 条评分）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FunnelModel</name>
    <message>
        <location filename="../../ui/models/teaching.py" line="1" />
        <source>Lesson</source>
        <translation>课时</translation>
    </message>
    <message>
        <location filename="../../ui/models/teaching.py" line="1" />
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/models/teaching.py" line="1" />
        <source>Of enrolled</source>
        <translation>占报名者</translation>
    </message>
</context>
<context>
    <name>ItemAnalysisModel</name>
    <message>
        <location filename="../../ui/models/teaching.py" line="1" />
        <source>Question</source>
        <translation>题目</translation>
    </message>
    <message>
        <location filename="../../ui/models/teaching.py" line="1" />
        <source>Quiz</source>
        <translation>测验</translation>
    </message>
    <message>
        <location filename="../../ui/models/teaching.py" line="1" />
        <source>Learners</source>
        <translation>学习者</translation>
    </message>
    <message>
        <location filename="../../ui/models/teaching.py" line="1" />
        <source>Correct</source>
        <translation>正确率</translation>
    </message>
    <message>
        <location filename="../../ui/models/teaching.py" line="1" />
        <source>Discrimination</source>
        <translation>区分度</translation>
    </message>
    <message>
        <location filename="../../ui/models/teaching.py" line="1" />
        <source>How well the question separates learners who do well on the other questions from those who do not (point-biserial, -1 to 1)</source>
        <translation>该题区分“其他题目答得好的学习者”与“答得不好的学习者”的程度（点二列相关，-1 到 1）</translation>
    </message>
    <message>
        <location filename="../../ui/models/teaching.py" line="1" />
        <source>not enough learners yet</source>
        <translation>学习者还不够多</translation>
    </message>
</context>
<context>
    <name>StoreStatusScreen</name>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>Store status</source>
        <translation>商店状态</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>Asking the store…</source>
        <translation>正在询问商店…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>last %1 days</source>
        <translation>最近 %1 天</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>last %1 hour(s)</source>
        <translation>最近 %1 小时</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>The store is healthy (%1 database)</source>
        <translation>商店运行正常（%1 数据库）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>The store has a problem: %1</source>
        <translation>商店出现问题：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>%1 orders, %2</source>
        <translation>%1 笔订单，%2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>no sales</source>
        <translation>没有销售</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>Sales, %1: %2; %3 refunded</source>
        <translation>销售（%1）：%2；退款 %3 笔</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>New accounts, %1: %2</source>
        <translation>新账户（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>Sync, %1: %2 events; devices: %3, learners: %4</source>
        <translation>同步（%1）：%2 条事件；设备：%3，学员：%4</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>Server errors, %1: %2 (newest first)</source>
        <translation>服务器错误（%1）：%2 条（最新的在前）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/store_status.py" line="1" />
        <source>Server errors, %1: none</source>
        <translation>服务器错误（%1）：无</translation>
    </message>
</context>
<context>
    <name>ErrorsModel</name>
    <message>
        <location filename="../../ui/models/store_status.py" line="1" />
        <source>When (UTC)</source>
        <translation>时间（UTC）</translation>
    </message>
    <message>
        <location filename="../../ui/models/store_status.py" line="1" />
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <location filename="../../ui/models/store_status.py" line="1" />
        <source>Request id</source>
        <translation>请求 ID</translation>
    </message>
    <message>
        <location filename="../../ui/models/store_status.py" line="1" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Publish a course</source>
        <translation>发布课程</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Course folder or .satchel file</source>
        <translation>课程文件夹或 .satchel 文件</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>What changed (for a new version of a course):</source>
        <translation>更新说明（课程的新版本）：</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Check and upload</source>
        <translation>检查并上传</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>I accept the creator agreement</source>
        <translation>我接受创作者协议</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Course folder</source>
        <translation>课程文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Course bundle</source>
        <translation>课程包</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Satchel courses (*.satchel)</source>
        <translation>Satchel 课程 (*.satchel)</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Choose a course folder or a .satchel file first.</source>
        <translation>请先选择课程文件夹或 .satchel 文件。</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Checking the course…</source>
        <translation>正在检查课程…</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Uploading…</source>
        <translation>正在上传…</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Uploaded. Read the store's report, then publish.</source>
        <translation>已上传。请阅读商店的报告，然后发布。</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>%1 (%2 %3)</source>
        <translation>%1（%2 %3）</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Changelog: %1</source>
        <translation>更新说明：%1</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Warning: %1: %2</source>
        <translation>警告：%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Copyright check: resembles courses of other authors; an administrator reviews it before it is listed.</source>
        <translation>版权检查：与其他作者的课程相似；上架前将由管理员审核。</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Copyright check: no resemblance to other authors' courses.</source>
        <translation>版权检查：与其他作者的课程无相似之处。</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Publishing…</source>
        <translation>正在发布…</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>%1 %2 is held: an administrator reviews its resemblance to other courses before it is listed.</source>
        <translation>%1 %2 已暂缓：上架前管理员将审核它与其他课程的相似之处。</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Published %1 %2: it is in the store's catalog.</source>
        <translation>已发布 %1 %2：它已在商店目录中。</translation>
    </message>
    <message>
        <location filename="../../ui/x.py" line="1" />
        <source>Refused: %1</source>
        <translation>被拒绝：%1</translation>
    </message>
    <message numerus="yes">
        <source>The course has %n problem(s); fix them and check again.</source>
        <translation>
            <numerusform>课程有 %n 个问题；请全部修正后再检查。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/publish.py" line="1" />
        <source>Encrypt the course files (only buyers' devices can open them; needs the course folder)</source>
        <translation>加密课程文件（只有购买者的设备才能打开；需要选择课程文件夹）</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/publish.py" line="1" />
        <source>Encrypted: the store gives the key only to buyers' devices.</source>
        <translation>已加密：商店只把密钥交给购买者的设备。</translation>
    </message>
</context>
<context>
    <name>CoachReportModel</name>
    <message>
        <source>Learner</source>
        <translation>学员</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation>完成度</translation>
    </message>
    <message>
        <source>Lessons done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Minutes %1</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>Quiz: %1</source>
        <translation>测验：%1</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>学习成效</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>on track</source>
        <translation>按计划</translation>
    </message>
    <message>
        <source>behind</source>
        <translation>落后</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>no goal</source>
        <translation>无目标</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
</context>
<context>
    <name>CoachScreen</name>
    <message>
        <source>Coaching</source>
        <translation>辅导</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>班级</translation>
    </message>
    <message>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Where learners stop</source>
        <translation>学员停下的地方</translation>
    </message>
    <message>
        <source>Questions most missed</source>
        <translation>错得最多的题目</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>You coach no class right now.</source>
        <translation>您目前没有辅导任何班级。</translation>
    </message>
    <message>
        <source>This class has no courses yet.</source>
        <translation>这个班级还没有课程。</translation>
    </message>
    <message>
        <source>%1 learners; figures from what their apps synced.</source>
        <translation>%1 名学员；数据来自他们的应用同步的内容。</translation>
    </message>
    <message>
        <source>No learner has joined this class yet.</source>
        <translation>还没有学员加入这个班级。</translation>
    </message>
    <message>
        <source>%1 — %2 learners</source>
        <translation>%1 — %2 名学员</translation>
    </message>
    <message>
        <source>No learner is stuck.</source>
        <translation>没有学员卡住。</translation>
    </message>
    <message>
        <source>%1 (%2) — missed %3 of %4</source>
        <translation>%1（%2）— %4 次中答错 %3 次</translation>
    </message>
    <message>
        <source>No quiz answers yet.</source>
        <translation>还没有测验答案。</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Exported %1 learners to %2.</source>
        <translation>已将 %1 名学员导出到 %2。</translation>
    </message>
</context>
<context>
    <name>JoinClassDialog</name>
    <message>
        <source>Join a class</source>
        <translation>加入班级</translation>
    </message>
    <message>
        <source>Type the code your teacher gave you. The class's coaches will see your progress in the class's courses (Settings → Privacy lists exactly what).</source>
        <translation>输入老师给您的班级代码。班级的辅导老师将看到您在该班级课程中的学习进度（“设置 → 隐私”中列出了具体内容）。</translation>
    </message>
    <message>
        <source>Class code</source>
        <translation>班级代码</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>加入</translation>
    </message>
</context>
</TS>
