<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message>
        <location filename="../../ui/application.py" line="50"/>
        <location filename="../../ui/application.py" line="59"/>
        <location filename="../../ui/errors.py" line="51"/>
        <source>助企走访台账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/application.py" line="69"/>
        <source>该数据库已在另一个窗口中打开：{db}
请切换到已打开的窗口。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="44"/>
        <source>程序出现错误，详细信息已保存到 {path}</source>
        <extracomment>Boxes shown without a parent window must outlive the call that opened them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="44"/>
        <source>保存 PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="44"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="74"/>
        <source>正在生成问题台账……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="74"/>
        <source>问题台账.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="83"/>
        <source>正在生成走访记录……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="83"/>
        <source>走访记录.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="93"/>
        <source>正在生成企业档案……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="93"/>
        <source>企业档案.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="103"/>
        <source>正在生成统计通报……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printing.py" line="103"/>
        <source>统计通报.pdf</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="117"/>
        <source>{enterprise}：{category} — {description}</source>
        <extracomment>Actions whose text box must be filled, with its label. The four things offices check before 销号.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="120"/>
        <source>已选择 {n} 个问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="138"/>
        <source>企业评价</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="144"/>
        <source>评价意见</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="144"/>
        <source>说明（可不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="151"/>
        <source>例如：《基本农田保护条例》</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="152"/>
        <source>政策依据</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="160"/>
        <source>新的办结时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="167"/>
        <source>{action}日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="179"/>
        <source>（请选择）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="183"/>
        <source>主办单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="192"/>
        <source>协办单位（可多选）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="195"/>
        <source>责任人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="198"/>
        <source>责任人电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="203"/>
        <source>指定日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="205"/>
        <source>办结时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="214"/>
        <source>指定的时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/workflow_dialogs.py" line="217"/>
        <source>交办说明</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../ui/widgets/bar_chart.py" line="40"/>
        <source>没有数据</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../ui/views/dashboard.py" line="120"/>
        <source>包联企业走访覆盖率</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="121"/>
        <source>问题办结率</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="122"/>
        <source>销号率</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="123"/>
        <source>企业满意率</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="124"/>
        <source>逾期未办结问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="132"/>
        <source>本周到期和逾期的问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="137"/>
        <source>我包联的企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="141"/>
        <source>最近的走访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="145"/>
        <source>从未走访的包联企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="171"/>
        <source>工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="178"/>
        <source>已走访 {covered} / 包联 {assigned} 家</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="180"/>
        <source>办结 {solved} / 问题 {raised} 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="182"/>
        <source>已销号 {closed} 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="183"/>
        <source>已评价 {n} 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="184"/>
        <source>双击下方红色问题查看</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="186"/>
        <source>本周到期和逾期的问题（{n} 个）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="189"/>
        <source>我包联的企业（“设置”中的使用人须与干部名单中的姓名、单位一致）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="192"/>
        <source>我包联的企业（{n} 家）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/dashboard.py" line="195"/>
        <source>从未走访的包联企业（{n} 家）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DropArea</name>
    <message>
        <location filename="../../ui/views/exchange.py" line="124"/>
        <source>把 Excel 文件或整个文件夹拖到这里</source>
        <extracomment>Count keys of the import report as a person reads them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnterpriseForm</name>
    <message>
        <location filename="../../ui/views/enterprises.py" line="104"/>
        <source>18 位，例如 914403001922038216</source>
        <extracomment>Service field names (ValidationError.field) → the form&apos;s field, for inline errors.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="114"/>
        <location filename="../../ui/views/enterprises.py" line="119"/>
        <source>（未填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="122"/>
        <source>规模以上（规上）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="136"/>
        <source>企业名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="138"/>
        <source>统一社会信用代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="146"/>
        <source>区划代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="148"/>
        <source>乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="149"/>
        <source>地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="150"/>
        <source>行业门类</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="151"/>
        <source>行业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="152"/>
        <source>企业规模</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="153"/>
        <source>法定代表人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="154"/>
        <source>联系人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="155"/>
        <source>联系电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="157"/>
        <source>产业链</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="158"/>
        <source>标签</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="159"/>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="220"/>
        <source>（无）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnterprisePicker</name>
    <message>
        <location filename="../../ui/widgets/enterprise_picker.py" line="23"/>
        <source>输入企业名称、信用代码或联系人的一部分</source>
        <extracomment>The chosen enterprise&apos;s id, or &quot;&quot; when the text no longer names one.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnterprisesPage</name>
    <message>
        <location filename="../../ui/views/enterprises.py" line="250"/>
        <source>搜索企业名称、信用代码、联系人（Ctrl+F）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="252"/>
        <source>只看规上企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="253"/>
        <source>新建企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="300"/>
        <source>删除…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="303"/>
        <source>打印企业档案…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="305"/>
        <source>保存（Ctrl+S）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="313"/>
        <source>基本信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="318"/>
        <source>包联干部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="326"/>
        <source>走访和问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="345"/>
        <source>企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="396"/>
        <source>共 {total} 家企业，已显示 {shown} 家</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="400"/>
        <source>已显示 {shown} 家（向下滚动显示更多）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="401"/>
        <source>找到 {shown} 家</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="448"/>
        <source>请先改正标红的内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="460"/>
        <location filename="../../ui/views/enterprises.py" line="462"/>
        <source>未保存：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="472"/>
        <source>已保存：{name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="485"/>
        <source>删除企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="486"/>
        <source>删除“{name}”？删除后不再出现在列表和统计中，记录保留，可由管理员恢复。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/enterprises.py" line="490"/>
        <source>删除</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExchangePage</name>
    <message>
        <location filename="../../ui/views/exchange.py" line="157"/>
        <source>导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="158"/>
        <source>导出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="159"/>
        <location filename="../../ui/views/exchange.py" line="456"/>
        <source>冲突处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="163"/>
        <source>数据交换</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="169"/>
        <source>导出交换工作簿（报送或交给其他电脑）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="172"/>
        <source>只导出此期间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="182"/>
        <source>期间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="185"/>
        <source>乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="186"/>
        <source>包联干部所在单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="187"/>
        <source>只导出上次导出到同一文件以来的变化</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="189"/>
        <source>导出…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="209"/>
        <source>走访台账交换_{date}.xlsx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="210"/>
        <source>导出交换工作簿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="211"/>
        <location filename="../../ui/views/exchange.py" line="375"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="219"/>
        <source>正在导出……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="220"/>
        <source>正在导出交换工作簿……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="227"/>
        <source>已导出到 {path}（{filters}）：{counts}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="228"/>
        <source>没有需要导出的记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="238"/>
        <source>选择文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="240"/>
        <source>选择文件夹…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="242"/>
        <source>先预览（不写入数据库）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="245"/>
        <source>尚未选择文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="247"/>
        <source>开始导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="251"/>
        <source>预览无误，正式导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="284"/>
        <source>打开拒收工作簿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="287"/>
        <source>另存拒收工作簿…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="297"/>
        <source>选择要导入的文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="298"/>
        <source>Excel 或 CSV (*.xlsx *.xlsm *.xls *.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="303"/>
        <source>选择包含报送文件的文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="312"/>
        <source> 等 {n} 项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="327"/>
        <source>正在预览……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="327"/>
        <location filename="../../ui/views/exchange.py" line="337"/>
        <source>正在导入……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="337"/>
        <source>正在读取和核对文件……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="352"/>
        <source>{kind}：新增 {created}，更新 {updated}，未变 {unchanged}，冲突 {conflicts}，拒收 {rejected}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="355"/>
        <source>预览结果（尚未写入）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="355"/>
        <source>导入完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="356"/>
        <source>：{n} 个文件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="373"/>
        <source>另存拒收工作簿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="381"/>
        <source>已取消；已完成的文件保留，未完成的文件未写入。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="413"/>
        <source>两个版本不同的字段（左：本机，右：来件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="416"/>
        <source>保留本机版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="418"/>
        <source>采用来件版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="440"/>
        <source>全部乡镇</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="441"/>
        <source>全部单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="454"/>
        <source>待处理的冲突：{n} 个（同一条记录在本机和来件中都被修改过，请选择保留哪个版本）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="455"/>
        <source>没有待处理的冲突</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/exchange.py" line="456"/>
        <source>冲突处理（{n}）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../ui/widgets/first_start.py" line="30"/>
        <source>欢迎使用助企走访台账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/first_start.py" line="33"/>
        <source>这是第一次使用。请填写本人信息（会印在导出的工作簿和打印的报表上），也可以先放入一份演示数据熟悉操作。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/first_start.py" line="43"/>
        <source>（不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/first_start.py" line="46"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/first_start.py" line="47"/>
        <source>单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/first_start.py" line="48"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/first_start.py" line="50"/>
        <source>放入演示数据（虚构的河阳县约 200 家企业，可随时换用新的数据库）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/first_start.py" line="59"/>
        <source>开始使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/first_start.py" line="60"/>
        <source>以后再说</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/widgets/first_start.py" line="83"/>
        <source>正在生成演示数据……</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <location filename="../../ui/views/ledger.py" line="85"/>
        <source>批量交办…</source>
        <extracomment>The workflow buttons, in the order of the work (列单、领单、办单、清单).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="89"/>
        <source>打印台账…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="118"/>
        <source>问题台账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="130"/>
        <source>搜索企业、问题、诉求、办理结果、单位（Ctrl+F）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="135"/>
        <source>全部状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="146"/>
        <source>全部时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="147"/>
        <source>已逾期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="148"/>
        <source>7 天内到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="149"/>
        <source>收到日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="181"/>
        <location filename="../../ui/views/ledger.py" line="324"/>
        <source>在左侧选择一个问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="188"/>
        <source>办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="200"/>
        <source>办理过程</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="225"/>
        <source>全部类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="226"/>
        <source>全部乡镇</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="227"/>
        <source>全部主办单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="269"/>
        <source>正在查询……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="306"/>
        <source>共 {total} 个问题，已显示 {shown} 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="340"/>
        <source>企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="341"/>
        <source>类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="342"/>
        <source>问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="343"/>
        <source>诉求</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="344"/>
        <source>主办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="345"/>
        <source>责任人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="346"/>
        <source>时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="346"/>
        <source>（已逾期）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="347"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/ledger.py" line="348"/>
        <source>结果</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="38"/>
        <source>助企走访台账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="77"/>
        <source>数据库：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="81"/>
        <source>新建走访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="82"/>
        <source>搜索</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83"/>
        <source>打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="85"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="107"/>
        <source>使用人：{who}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="107"/>
        <source>使用人：未设置（见“设置”）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../ui/operations.py" line="138"/>
        <source>取消</source>
        <extracomment>Emitted on the GUI thread after a successful write: what it changed, and who asked (a screen that already shows the result need not reload). Number of operations not yet delivered (tests wait for 0).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="140"/>
        <source>请稍候</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProblemCard</name>
    <message>
        <location filename="../../ui/views/visits.py" line="100"/>
        <source>（请选择类别）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="110"/>
        <source>企业反映的问题（按企业的原话）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="113"/>
        <source>企业诉求：希望解决什么、怎么解决</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="114"/>
        <source>删除此问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="131"/>
        <source>问题 {n}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/views/settings_page.py" line="47"/>
        <source>使用人（印在导出的工作簿和打印的报表上）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="55"/>
        <source>（不填）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="59"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="64"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="65"/>
        <source>单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="66"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="67"/>
        <source>电话</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="71"/>
        <source>本机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="76"/>
        <source>复制</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="81"/>
        <source>安装 ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="85"/>
        <source>数据库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="88"/>
        <source>打开数据文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="90"/>
        <source>数据文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="94"/>
        <source>备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="100"/>
        <source>立即备份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="104"/>
        <source>打开备份文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="116"/>
        <source>报表和界面</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="120"/>
        <source>自动选择（优先使用本机已安装的公文字体）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="122"/>
        <source>选择…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="124"/>
        <source>自动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="130"/>
        <source>报表字体</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="138"/>
        <source>界面语言</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="143"/>
        <source>设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="168"/>
        <source>已保存：{who}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="177"/>
        <source>此数据库不是本机文件，由数据库服务器负责备份。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="183"/>
        <source>还没有备份。程序每天首次启动时自动备份。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="186"/>
        <source>共 {n} 份备份，最新：{name}（{time}）。程序每天首次启动时自动备份。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="193"/>
        <source>正在备份……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="197"/>
        <source>选择报表字体</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="198"/>
        <source>TrueType 字体 (*.ttf *.ttc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/settings_page.py" line="208"/>
        <source>重新启动程序后生效</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <location filename="../../ui/views/stats.py" line="60"/>
        <source>统计期间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="71"/>
        <location filename="../../ui/views/stats.py" line="123"/>
        <source>统计</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="74"/>
        <source>打印统计通报…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="91"/>
        <source>按主办单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="91"/>
        <source>按乡镇/街道</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="92"/>
        <source>按问题类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="92"/>
        <source>按包联干部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="141"/>
        <source>正在统计……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="146"/>
        <source>全部乡镇</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="147"/>
        <source>全部单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="148"/>
        <source>全部类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="157"/>
        <source>包联企业 {assigned} 家，已走访 {covered} 家，覆盖率 {coverage}；走访 {visits} 次。问题 {raised} 个：办结 {solved} 个（办结率 {solve_rate}），销号 {closed} 个（销号率 {close_rate}），按期办结率 {on_time}，企业满意率 {satisfaction}；逾期 {overdue} 个，暂不具备条件 {deferred} 个。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="169"/>
        <source>各主办单位办结率（按办结数排序，前 12 个）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/stats.py" line="173"/>
        <source>各类问题数量</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <location filename="../../ui/views/visits.py" line="197"/>
        <source>基本情况</source>
        <extracomment>Cadres ticked in a restored draft, ticked again once the enterprise&apos;s cadres are listed.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="201"/>
        <source>走访企业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="212"/>
        <source>走访方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="215"/>
        <source>走访日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="221"/>
        <source>走访干部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="224"/>
        <source>姓名、职务，如：王建国（总经理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="225"/>
        <source>企业接待人员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="228"/>
        <source>生产经营情况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="243"/>
        <source>（未了解）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="246"/>
        <source>从业人数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="247"/>
        <source>订单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="247"/>
        <source>营收</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="252"/>
        <source>生产状况</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="254"/>
        <source>经营情况说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="257"/>
        <source>交流与政策宣传</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="260"/>
        <source>交流内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="266"/>
        <source>宣传政策</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="269"/>
        <source>企业反映的问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="271"/>
        <source>添加问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="274"/>
        <source>本次走访未记录问题。企业反映问题时点“添加问题”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="279"/>
        <source>下一步工作打算</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="290"/>
        <source>放弃</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="292"/>
        <source>保存走访记录（Ctrl+S）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="440"/>
        <source>（未选企业）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="450"/>
        <source>草稿已自动保存 {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="486"/>
        <source>请先选择走访的企业（在“走访企业”中输入名称并从列表中选择）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="511"/>
        <source>已保存：{title}，问题 {n} 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="528"/>
        <source>未保存：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../ui/views/visits.py" line="543"/>
        <source>填写走访记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="557"/>
        <source>打印走访记录…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="563"/>
        <source>走访记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="568"/>
        <source>走访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="576"/>
        <source>最近 {n} 次走访</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="591"/>
        <source>放弃走访记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="592"/>
        <source>放弃正在填写的走访记录？已填写的内容和草稿将被删除。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="595"/>
        <location filename="../../ui/views/visits.py" line="611"/>
        <source>放弃</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="604"/>
        <source>走访记录尚未保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="605"/>
        <source>正在填写的走访记录（{title}）尚未保存。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="609"/>
        <source>保存：保存后继续；放弃：删除已填写的内容；取消：回到表单。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="610"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="612"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="643"/>
        <source>恢复草稿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="644"/>
        <source>上次关闭前有未保存的走访记录：
{titles}

是否恢复？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="647"/>
        <source>恢复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="648"/>
        <source>以后再说</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="656"/>
        <source>已恢复草稿：{title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/views/visits.py" line="670"/>
        <source>请先在列表中选择要打印的走访记录</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
