<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>CatalogModel</name>
    <message numerus="yes">
        <location filename="../../ui/models/catalog.py" line="144" />
        <source>%n lesson(s)</source>
        <translation>
            <numerusform>%n lesson</numerusform><numerusform>%n lessons</numerusform></translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message numerus="yes">
        <location filename="../../ui/format.py" line="35" />
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform><numerusform>%n min</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/format.py" line="38" />
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform><numerusform>%n h</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/format.py" line="81" />
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform><numerusform>%n min ago</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/format.py" line="83" />
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform><numerusform>%n h ago</numerusform></translation>
    </message>
</context>
<context>
    <name>GoalsScreen</name>
    <message numerus="yes">
        <location filename="../../ui/screens/goals.py" line="238" />
        <source>Goal created with %n study session(s).</source>
        <translation>
            <numerusform>Goal created with %n study session.</numerusform><numerusform>Goal created with %n study sessions.</numerusform></translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message numerus="yes">
        <location filename="../../ui/models/library.py" line="99" />
        <source>%n day(s) left</source>
        <translation>
            <numerusform>%n day left</numerusform><numerusform>%n days left</numerusform></translation>
    </message>
</context>
<context>
    <name>PreviewWindow</name>
    <message numerus="yes">
        <location filename="../../ui/preview.py" line="147" />
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform><numerusform>%n items</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/preview.py" line="185" />
        <source>Valid, with %n warning(s).</source>
        <translation>
            <numerusform>Valid, with %n warning.</numerusform><numerusform>Valid, with %n warnings.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/preview.py" line="187" />
        <source>Not valid: %n error(s)</source>
        <translation>
            <numerusform>Not valid: %n error</numerusform><numerusform>Not valid: %n errors</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/preview.py" line="189" />
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform><numerusform>%n warnings</numerusform></translation>
    </message>
</context>
<context>
    <name>ProgressScreen</name>
    <message numerus="yes">
        <location filename="../../ui/screens/progress.py" line="152" />
        <source>Last %n day(s)</source>
        <translation>
            <numerusform>Last %n day</numerusform><numerusform>Last %n days</numerusform></translation>
    </message>
</context>
<context>
    <name>QuizScreen</name>
    <message numerus="yes">
        <location filename="../../ui/screens/quiz.py" line="120" />
        <source>%n question(s) due today</source>
        <translation>
            <numerusform>%n question due today</numerusform><numerusform>%n questions due today</numerusform></translation>
    </message>
</context>
<context>
    <name>StoreScreen</name>
    <message numerus="yes">
        <source>★ %1 (%n rating(s))</source>
        <translation>
            <numerusform>★ %1 (%n rating)</numerusform><numerusform>★ %1 (%n ratings)</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/store.py" line="279" />
        <source>%n course(s)</source>
        <translation>
            <numerusform>%n course</numerusform><numerusform>%n courses</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/store.py" line="329" />
        <source>%n lesson(s)</source>
        <translation>
            <numerusform>%n lesson</numerusform><numerusform>%n lessons</numerusform></translation>
    </message>
</context>
<context>
    <name>Reviews</name>
    <message numerus="yes">
        <source>%n more due in “%1”, which is locked: %2</source>
        <translation>
            <numerusform>%n more due in “%1”, which is locked: %2</numerusform><numerusform>%n more due in “%1”, which is locked: %2</numerusform></translation>
    </message>
</context>
<context>
    <name>TeachingScreen</name>
    <message numerus="yes">
        <location filename="../../ui/screens/teaching.py" />
        <source>%n learner(s) enrolled</source>
        <translation>
            <numerusform>%n learner enrolled</numerusform><numerusform>%n learners enrolled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/teaching.py" />
        <source>%n active</source>
        <translation>
            <numerusform>%n active</numerusform><numerusform>%n active</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/teaching.py" />
        <source>Rating: ★ %1 (%n rating(s))</source>
        <translation>
            <numerusform>Rating: ★ %1 (%n rating)</numerusform><numerusform>Rating: ★ %1 (%n ratings)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message numerus="yes">
        <source>The course has %n problem(s); fix them and check again.</source>
        <translation>
            <numerusform>The course has %n problem; fix it and check again.</numerusform><numerusform>The course has %n problems; fix them and check again.</numerusform></translation>
    </message>
</context>
</TS>