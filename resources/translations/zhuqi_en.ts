<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>关于助企走访台账</source>
        <translation>About Zhuqi Visit Ledger</translation>
    </message>
    <message>
        <source>&lt;h3&gt;助企走访台账 {version}&lt;/h3&gt;&lt;p&gt;企业走访、问题办理台账（离线使用）。&lt;/p&gt;&lt;p&gt;本机安装编号：{installation}&lt;br&gt;数据文件夹：{folder}&lt;br&gt;数据库：{database}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Zhuqi Visit Ledger {version}&lt;/h3&gt;&lt;p&gt;Enterprise visits and the ledger of problems they raise (works offline).&lt;/p&gt;&lt;p&gt;Installation number: {installation}&lt;br&gt;Data folder: {folder}&lt;br&gt;Database: {database}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>（许可说明文件缺失）</source>
        <translation>(The licence notes are missing.)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>Action</name>
    <message>
        <source>交办</source>
        <extracomment>The workflow&apos;s actions, as their buttons and dialogs name them (&quot;Solve&quot;, where the timeline&apos;s step of the same Chinese word reads &quot;Solved&quot;).</extracomment>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>领单</source>
        <translation>Claim</translation>
    </message>
    <message>
        <source>记录进展</source>
        <translation>Record progress</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Solve</translation>
    </message>
    <message>
        <source>协办反馈</source>
        <translation>Assist reply</translation>
    </message>
    <message>
        <source>申请延期</source>
        <translation>Ask for extension</translation>
    </message>
    <message>
        <source>审批延期</source>
        <translation>Decide extension</translation>
    </message>
    <message>
        <source>督办</source>
        <translation>Supervise</translation>
    </message>
    <message>
        <source>销号</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>回访评价</source>
        <translation>Evaluate</translation>
    </message>
    <message>
        <source>退回重办</source>
        <translation>Send back</translation>
    </message>
    <message>
        <source>暂不具备条件</source>
        <translation>Cannot be solved now</translation>
    </message>
    <message>
        <source>恢复办理</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>上报</source>
        <translation>Escalate</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>{enterprise}：{category} — {description}</source>
        <extracomment>The supervision level offered first (a value of the 督办级别 code list).</extracomment>
        <translation>{enterprise}: {category} — {description}</translation>
    </message>
    <message>
        <source>已选择 {n} 个问题</source>
        <translation>{n} problems selected</translation>
    </message>
    <message>
        <source>评价意见</source>
        <translation>Comments</translation>
    </message>
    <message>
        <source>说明（可不填）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <source>审批意见（不予批准时必填）</source>
        <translation>Decision note (required to refuse)</translation>
    </message>
    <message>
        <source>督办意见</source>
        <translation>Supervision note</translation>
    </message>
    <message>
        <source>例如：《基本农田保护条例》</source>
        <translation>e.g. Regulations on the Protection of Basic Farmland</translation>
    </message>
    <message>
        <source>政策依据</source>
        <translation>Rule that blocks it</translation>
    </message>
    <message>
        <source>新的办结时限</source>
        <translation>New deadline</translation>
    </message>
    <message>
        <source>{action}日期</source>
        <translation>Date of {action}</translation>
    </message>
    <message>
        <source>办理进展</source>
        <extracomment>Actions whose text box must be filled, with its label (marked for lupdate, shown translated).</extracomment>
        <translation>Progress</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>退回原因</source>
        <translation>Why it is sent back</translation>
    </message>
    <message>
        <source>暂不具备条件的原因</source>
        <translation>Why it cannot be solved now</translation>
    </message>
    <message>
        <source>恢复办理的原因</source>
        <translation>Why work resumes</translation>
    </message>
    <message>
        <source>延期原因</source>
        <translation>Why the deadline is extended</translation>
    </message>
    <message>
        <source>上报原因</source>
        <translation>Why it is escalated</translation>
    </message>
    <message>
        <source>协办意见</source>
        <translation>Assisting unit&apos;s reply</translation>
    </message>
    <message>
        <source>问题是否解决</source>
        <extracomment>The four things offices check before 销号 (app.domain.CLOSE_CHECKS), as the window asks them.</extracomment>
        <translation>Is the problem solved?</translation>
    </message>
    <message>
        <source>是否答复企业</source>
        <translation>Was the company given an answer?</translation>
    </message>
    <message>
        <source>责任单位是否对接企业</source>
        <translation>Did the responsible unit contact the company?</translation>
    </message>
    <message>
        <source>企业负责人是否满意</source>
        <translation>Is the company&apos;s head satisfied?</translation>
    </message>
    <message>
        <source>协办单位</source>
        <translation>Assisting unit</translation>
    </message>
    <message>
        <source>{who}于 {on} 申请将办结时限由 {old} 延至 {new}：{reason}</source>
        <translation>{who} asked on {on} to move the deadline from {old} to {new}: {reason}</translation>
    </message>
    <message>
        <source>责任单位</source>
        <translation>The responsible unit</translation>
    </message>
    <message>
        <source>没有等待审批的延期申请</source>
        <translation>No extension request is waiting for a decision</translation>
    </message>
    <message>
        <source>延期申请</source>
        <translation>Extension request</translation>
    </message>
    <message>
        <source>批准</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>不予批准</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>审批</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>督办级别</source>
        <translation>Supervision level</translation>
    </message>
    <message>
        <source>要求反馈日期</source>
        <translation>Answer by</translation>
    </message>
    <message>
        <source>须在办结时限届满前申请；经审批同意后才改变时限，按期办结率仍按原定时限计算。</source>
        <translation>Ask before the deadline passes. The deadline moves only once the request is approved, and the on-time rate still counts the original deadline.</translation>
    </message>
    <message>
        <source>销号须有企业满意的回访评价，且回访时确认了：{checks}。</source>
        <translation>Closing needs the company&apos;s satisfied evaluation, with these confirmed at the follow-up: {checks}.</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>办理类型</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>指定更早的办结时限</source>
        <translation>Set an earlier deadline</translation>
    </message>
    <message>
        <source>企业负责人或联系人，不是干部本人</source>
        <translation>The company&apos;s head or contact person, not the cadre</translation>
    </message>
    <message>
        <source>企业评价人</source>
        <translation>Evaluated by</translation>
    </message>
    <message>
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>回访方式</source>
        <translation>How the company was asked</translation>
    </message>
    <message>
        <source>（请选择企业的评价）</source>
        <translation>(choose the company&apos;s evaluation)</translation>
    </message>
    <message>
        <source>评价结果</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>评价为不满意或非常不满意的，问题自动退回重办，不计为办结。</source>
        <translation>A dissatisfied or very dissatisfied evaluation sends the problem back at once; it does not count as solved.</translation>
    </message>
    <message>
        <source>回访时向企业确认（销号前须四项均为“是”）：</source>
        <translation>Confirmed with the company (all four must be yes before closing):</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <source>协办单位（可多选）</source>
        <translation>Assisting units (any number)</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Person responsible</translation>
    </message>
    <message>
        <source>责任人电话</source>
        <translation>Phone of the person responsible</translation>
    </message>
    <message>
        <source>指定的时限</source>
        <translation>Chosen deadline</translation>
    </message>
    <message>
        <source>时限按工作日计算（含调休）：一般问题、复杂问题按“设置 → 时限规则”，需上级协调的按月报告进展。</source>
        <translation>Deadlines count working days, make-up workdays included: ordinary and complex problems as set in Settings → time limits; a problem needing higher-level coordination reports progress every month.</translation>
    </message>
    <message>
        <source>交办说明</source>
        <translation>Note with the hand-over</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>助企走访台账</source>
        <extracomment>translate(&quot;Context&quot;, &quot;…&quot;): the context spelled out, so pyside6-lupdate files each string under it.</extracomment>
        <translation>Zhuqi Visit Ledger</translation>
    </message>
    <message>
        <source>该数据库已在另一个窗口中打开：{db}
请切换到已打开的窗口。</source>
        <translation>This database is already open in another window: {db}
Please switch to that window.</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>没有数据</source>
        <translation>No data</translation>
    </message>
</context>
<context>
    <name>CalendarSettings</name>
    <message>
        <source>周一</source>
        <extracomment>Monday to Sunday, as the table names a day.</extracomment>
        <translation>Mon</translation>
    </message>
    <message>
        <source>周二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>周三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>周四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>周五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>周六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>周日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>交办时限</source>
        <extracomment>app.stages.LIMIT_LABELS as the window shows them.</extracomment>
        <translation>Hand over within</translation>
    </message>
    <message>
        <source>首次反馈时限</source>
        <translation>First feedback within</translation>
    </message>
    <message>
        <source>一般问题办结时限</source>
        <translation>Ordinary problem solved within</translation>
    </message>
    <message>
        <source>复杂问题办结时限</source>
        <translation>Complex problem solved within</translation>
    </message>
    <message>
        <source>协办反馈时限</source>
        <translation>Assisting units reply within</translation>
    </message>
    <message>
        <source>回访时限</source>
        <translation>Follow-up within</translation>
    </message>
    <message>
        <source>月度报告间隔</source>
        <translation>Progress report every</translation>
    </message>
    <message>
        <source>元旦</source>
        <extracomment>The official holidays&apos; names (app.workdays, from chinesecalendar), and their make-up workdays.</extracomment>
        <translation>New Year&apos;s Day</translation>
    </message>
    <message>
        <source>春节</source>
        <translation>Spring Festival</translation>
    </message>
    <message>
        <source>清明</source>
        <translation>Tomb-sweeping Day</translation>
    </message>
    <message>
        <source>劳动节</source>
        <translation>Labour Day</translation>
    </message>
    <message>
        <source>端午</source>
        <translation>Dragon Boat Festival</translation>
    </message>
    <message>
        <source>中秋</source>
        <translation>Mid-autumn Festival</translation>
    </message>
    <message>
        <source>国庆节</source>
        <translation>National Day</translation>
    </message>
    <message>
        <source>国务院通知（内置）</source>
        <extracomment>Where a day&apos;s arrangement comes from (app.workdays).</extracomment>
        <translation>State Council notice (built in)</translation>
    </message>
    <message>
        <source>本单位录入</source>
        <translation>Entered by this office</translation>
    </message>
    <message>
        <source>{holiday}调休</source>
        <translation>{holiday} (make-up workday)</translation>
    </message>
    <message>
        <source>工作日历和时限规则（工作日，含调休）</source>
        <translation>Working-day calendar and time limits (working days, make-up workdays included)</translation>
    </message>
    <message>
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>星期</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>安排</source>
        <translation>Arrangement</translation>
    </message>
    <message>
        <source>上班</source>
        <translation>Working day</translation>
    </message>
    <message>
        <source>放假</source>
        <translation>Day off</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>上班（调休）</source>
        <translation>Working day (make-up)</translation>
    </message>
    <message>
        <source>名称，如 春节</source>
        <translation>Name, e.g. Spring Festival</translation>
    </message>
    <message>
        <source>录入</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>删除本单位录入</source>
        <translation>Remove this office&apos;s entry</translation>
    </message>
    <message>
        <source> 个工作日</source>
        <translation> working days</translation>
    </message>
    <message>
        <source>保存时限规则</source>
        <translation>Save time limits</translation>
    </message>
    <message>
        <source>国务院通知已内置</source>
        <translation>The State Council notice is built in</translation>
    </message>
    <message>
        <source>本单位已录入</source>
        <translation>Entered by this office</translation>
    </message>
    <message>
        <source>尚未录入：暂按周一至周五计算</source>
        <translation>Not entered yet: Monday to Friday count as working days for now</translation>
    </message>
    <message>
        <source>已保存；{n} 个问题的环节时限随之调整</source>
        <translation>Saved; the stage deadlines of {n} problems moved with it</translation>
    </message>
</context>
<context>
    <name>ClaimDialog</name>
    <message>
        <source>登记政策申报、兑现</source>
        <translation>Record an application or grant</translation>
    </message>
    <message>
        <source>已申报</source>
        <translation>Applied</translation>
    </message>
    <message>
        <source>申报日期</source>
        <translation>Applied on</translation>
    </message>
    <message>
        <source>已兑现</source>
        <translation>Granted</translation>
    </message>
    <message>
        <source>兑现日期</source>
        <translation>Granted on</translation>
    </message>
    <message>
        <source>元，整数；兑现后填写</source>
        <translation>Yuan, a whole number; once granted</translation>
    </message>
    <message>
        <source>政策</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>企业</source>
        <extracomment>Without a given policy: the company&apos;s policies to choose from.</extracomment>
        <translation>Company</translation>
    </message>
    <message>
        <source>兑现金额（元）</source>
        <translation>Amount granted (yuan)</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>{title}（已宣讲）</source>
        <translation>{title} (explained)</translation>
    </message>
    <message>
        <source>该企业没有宣讲过的政策，政策库中也没有适合它的有效政策</source>
        <translation>No policy was explained to this company, and none in force in the library fits it</translation>
    </message>
    <message>
        <source>尚未登记该企业对这项政策的申报、兑现</source>
        <translation>Nothing recorded yet for this company and policy</translation>
    </message>
    <message>
        <source>已登记：{state}（申报 {applied}，兑现 {granted}，金额 {amount}）</source>
        <translation>On record: {state} (applied {applied}, granted {granted}, amount {amount})</translation>
    </message>
    <message>
        <source>{n} 元</source>
        <translation>{n} yuan</translation>
    </message>
    <message>
        <source>未申报</source>
        <translation>Not applied</translation>
    </message>
    <message>
        <source>兑现金额（元）“{value}”：应为不小于 0 的整数</source>
        <translation>Amount granted (yuan) “{value}”: should be a whole number, 0 or more</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>企业：{name}</source>
        <translation>Company: {name}</translation>
    </message>
    <message>
        <source>（{region}）</source>
        <translation> ({region})</translation>
    </message>
    <message>
        <source>类别：{category}（{scope}，{source}）</source>
        <translation>Category: {category} ({scope}, {source})</translation>
    </message>
    <message>
        <source>问题：{text}</source>
        <translation>Problem: {text}</translation>
    </message>
    <message>
        <source>收到日期：{date}</source>
        <translation>Received: {date}</translation>
    </message>
    <message>
        <source>诉求：{text}</source>
        <translation>Request: {text}</translation>
    </message>
    <message>
        <source>主办：{unit}</source>
        <translation>Lead unit: {unit}</translation>
    </message>
    <message>
        <source>{status}，{evaluation}</source>
        <translation>{status}, {evaluation}</translation>
    </message>
    <message>
        <source>状态：{status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <source>收到日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>乡镇/街道</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <source>{status}（延期待批）</source>
        <extracomment>translate(&quot;Columns&quot;, &quot;…&quot;): the context spelled out, so pyside6-lupdate files each string under it.</extracomment>
        <translation>{status} (ext.)</translation>
    </message>
    <message>
        <source>办结时限：{date}</source>
        <translation>Deadline: {date}</translation>
    </message>
    <message>
        <source>当前环节：{stage}（{date}前）</source>
        <translation>Stage: {stage} (by {date})</translation>
    </message>
    <message>
        <source>当前环节：{stage}</source>
        <translation>Stage: {stage}</translation>
    </message>
    <message>
        <source>逾期：{n}个工作日</source>
        <translation>Overdue: {n} working days</translation>
    </message>
    <message>
        <source>有延期申请待审批</source>
        <translation>An extension request awaits a decision</translation>
    </message>
    <message>
        <source>当前环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>环节时限</source>
        <translation>Stage due</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>企业评价</source>
        <translation>Company’s evaluation</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>【已被取代】</source>
        <translation>[Superseded] </translation>
    </message>
    <message>
        <source>两处对同一问题的办理发生冲突，处理冲突时未采用这一方的办理，本条仅作留痕。</source>
        <translation>Two installations handled this problem differently; when the conflict was settled this side&apos;s handling was not kept, so this entry stays only as a record.</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Company name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>规上</source>
        <translation>Above scale</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Way</translation>
    </message>
    <message>
        <source>走访干部</source>
        <translation>Cadres</translation>
    </message>
    <message>
        <source>问题数</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>交流内容</source>
        <translation>What was discussed</translation>
    </message>
    <message>
        <source>干部</source>
        <translation>Cadre</translation>
    </message>
    <message>
        <source>包联角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>包联领导</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>首席服务员</source>
        <translation>Chief officer</translation>
    </message>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>单列</source>
        <translation>Apart</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>督办</source>
        <translation>Supervisions</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>经办人：{actor}</source>
        <translation>By {actor}</translation>
    </message>
    <message>
        <source>开始日期</source>
        <translation>From</translation>
    </message>
    <message>
        <source>结束日期</source>
        <translation>To</translation>
    </message>
    <message>
        <source>包联起始</source>
        <translation>Assigned since</translation>
    </message>
    <message>
        <source>（未交办）</source>
        <translation>(not handed over)</translation>
    </message>
    <message>
        <source>包联企业</source>
        <translation>Assigned companies</translation>
    </message>
    <message>
        <source>覆盖率</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Solved</translation>
    </message>
    <message>
        <source>化解率</source>
        <translation>Resolved %</translation>
    </message>
    <message>
        <source>办结率</source>
        <translation>Solved %</translation>
    </message>
    <message>
        <source>销号率</source>
        <translation>Closed %</translation>
    </message>
    <message>
        <source>按期办结率</source>
        <translation>On time %</translation>
    </message>
    <message>
        <source>回访率</source>
        <translation>Followed up %</translation>
    </message>
    <message>
        <source>满意率</source>
        <translation>Satisfied %</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Late</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>{stage}逾期{n}个工作日</source>
        <extracomment>translate(&quot;Context&quot;, &quot;…&quot;): the context spelled out, so pyside6-lupdate files each string under it.</extracomment>
        <translation>{stage}: {n} working days late</translation>
    </message>
    <message>
        <source>环节时限</source>
        <translation>Stage due</translation>
    </message>
    <message>
        <source>环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>企业满意率</source>
        <translation>Companies satisfied</translation>
    </message>
    <message>
        <source>规上企业走访覆盖率</source>
        <translation>Above-scale companies visited</translation>
    </message>
    <message>
        <source>问题化解率</source>
        <translation>Problems resolved</translation>
    </message>
    <message>
        <source>按期办结率</source>
        <translation>Solved on time</translation>
    </message>
    <message>
        <source>今天逾期的问题</source>
        <translation>Overdue today</translation>
    </message>
    <message>
        <source>本周到期和逾期的问题</source>
        <translation>Due this week and overdue</translation>
    </message>
    <message>
        <source>我包联的企业</source>
        <translation>My companies</translation>
    </message>
    <message>
        <source>最近的走访</source>
        <translation>Recent visits</translation>
    </message>
    <message>
        <source>本期未走访的规上企业</source>
        <translation>Above-scale companies not visited this period</translation>
    </message>
    <message>
        <source>统计期间：{start} 至 {end}（本年；期内任一天未办结的问题均计入，与“统计”页默认期间相同）；逾期截至今天</source>
        <translation>Period: {start} to {end} (this year; every problem open on any day of it counts, as on the Statistics page by default); overdue as of today</translation>
    </message>
    <message>
        <source>已走访 {covered} / {name} {listed} 家</source>
        <translation>{covered} of {listed} visited ({name})</translation>
    </message>
    <message>
        <source>按原定时限办结 {n} 个；回访率 {rate}</source>
        <translation>{n} by the original deadline; followed up {rate}</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{stage}{n}个</source>
        <translation>{stage} {n}</translation>
    </message>
    <message>
        <source>没有逾期的环节</source>
        <translation>No stage overdue</translation>
    </message>
    <message>
        <source>本期未走访的{name}（{n} 家）</source>
        <translation>{name} not visited this period ({n})</translation>
    </message>
    <message>
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>办结 {solved} / 问题 {raised} 个</source>
        <translation>{solved} of {raised} solved</translation>
    </message>
    <message>
        <source>已评价 {n} 个</source>
        <translation>{n} evaluated</translation>
    </message>
    <message>
        <source>本周到期和逾期的问题（{n} 个）</source>
        <translation>Due this week and overdue ({n})</translation>
    </message>
    <message>
        <source>我包联的企业（“设置”中的使用人须与干部名单中的姓名、单位一致）</source>
        <translation>My companies (the user in Settings must match a cadre’s name and unit)</translation>
    </message>
    <message>
        <source>我包联的企业（{n} 家）</source>
        <translation>My companies ({n})</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>日期</source>
        <extracomment>Typed between year, month and day: each moves on to the next part. The reason the date is refused (&quot;&quot; once it is acceptable again).</extracomment>
        <translation>The date</translation>
    </message>
    <message>
        <source>{what}不能晚于{limit}（填的是 {value}）</source>
        <translation>{what} cannot be later than {limit} (it says {value})</translation>
    </message>
    <message>
        <source>{what}不能早于{limit}（填的是 {value}）</source>
        <translation>{what} cannot be earlier than {limit} (it says {value})</translation>
    </message>
</context>
<context>
    <name>Domain</name>
    <message>
        <source>包联领导</source>
        <extracomment>Every coded value the window shows, in the order of app.domain, app.workflow and app.stages.</extracomment>
        <translation>Leader in charge</translation>
    </message>
    <message>
        <source>首席服务员</source>
        <translation>Chief service officer</translation>
    </message>
    <message>
        <source>助企干部</source>
        <translation>Helper cadre</translation>
    </message>
    <message>
        <source>企业联络员</source>
        <translation>Company liaison</translation>
    </message>
    <message>
        <source>链长</source>
        <translation>Chain leader</translation>
    </message>
    <message>
        <source>工作组成员</source>
        <translation>Work group member</translation>
    </message>
    <message>
        <source>办公室</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>经办</source>
        <translation>Office clerk</translation>
    </message>
    <message>
        <source>领导</source>
        <translation>Leader</translation>
    </message>
    <message>
        <source>干部</source>
        <translation>Cadre</translation>
    </message>
    <message>
        <source>大型</source>
        <translation>Large</translation>
    </message>
    <message>
        <source>中型</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>小型</source>
        <translation>Small</translation>
    </message>
    <message>
        <source>微型</source>
        <translation>Micro</translation>
    </message>
    <message>
        <source>实地走访</source>
        <translation>On site</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>座谈会</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>视频</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>部分停产</source>
        <translation>Partly stopped</translation>
    </message>
    <message>
        <source>停产</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>上升</source>
        <translation>Rising</translation>
    </message>
    <message>
        <source>持平</source>
        <translation>Flat</translation>
    </message>
    <message>
        <source>下降</source>
        <translation>Falling</translation>
    </message>
    <message>
        <source>走访发现</source>
        <translation>Found on a visit</translation>
    </message>
    <message>
        <source>企业自报</source>
        <translation>Reported by the company</translation>
    </message>
    <message>
        <source>上级交办</source>
        <translation>Handed down from above</translation>
    </message>
    <message>
        <source>12345热线</source>
        <translation>12345 hotline</translation>
    </message>
    <message>
        <source>个性</source>
        <translation>Individual</translation>
    </message>
    <message>
        <source>共性</source>
        <translation>Shared</translation>
    </message>
    <message>
        <source>乡</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>县</source>
        <translation>County</translation>
    </message>
    <message>
        <source>市</source>
        <translation>City</translation>
    </message>
    <message>
        <source>省</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>待交办</source>
        <translation>To hand over</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Solved</translation>
    </message>
    <message>
        <source>已销号</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>暂不具备条件</source>
        <translation>Cannot be solved now</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Mostly satisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>列单</source>
        <translation>Listed</translation>
    </message>
    <message>
        <source>交办</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>领单</source>
        <translation>Claimed</translation>
    </message>
    <message>
        <source>办理进展</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Solved</translation>
    </message>
    <message>
        <source>企业评价</source>
        <translation>Evaluated</translation>
    </message>
    <message>
        <source>销号</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>退回重办</source>
        <translation>Sent back</translation>
    </message>
    <message>
        <source>恢复办理</source>
        <translation>Resumed</translation>
    </message>
    <message>
        <source>延期</source>
        <translation>Extended</translation>
    </message>
    <message>
        <source>上报</source>
        <translation>Escalated</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Follow-up call</translation>
    </message>
    <message>
        <source>协办反馈</source>
        <translation>Assisting reply</translation>
    </message>
    <message>
        <source>申请延期</source>
        <translation>Extension requested</translation>
    </message>
    <message>
        <source>延期审批</source>
        <translation>Extension decided</translation>
    </message>
    <message>
        <source>督办</source>
        <translation>Supervised</translation>
    </message>
    <message>
        <source>待审批</source>
        <translation>Awaiting decision</translation>
    </message>
    <message>
        <source>已批准</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>不予批准</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>现场</source>
        <translation>In person</translation>
    </message>
    <message>
        <source>短信或扫码</source>
        <translation>Text message or QR code</translation>
    </message>
    <message>
        <source>书面（签字回访评价表）</source>
        <translation>In writing (signed evaluation form)</translation>
    </message>
    <message>
        <source>在谈</source>
        <translation>Under negotiation</translation>
    </message>
    <message>
        <source>已签约</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>已开工</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>已投产</source>
        <translation>In production</translation>
    </message>
    <message>
        <source>已达效</source>
        <translation>At full capacity</translation>
    </message>
    <message>
        <source>一般</source>
        <translation>Ordinary</translation>
    </message>
    <message>
        <source>复杂</source>
        <translation>Complex</translation>
    </message>
    <message>
        <source>需上级协调</source>
        <translation>Needs higher-level coordination</translation>
    </message>
    <message>
        <source>规上企业</source>
        <translation>Above-scale companies</translation>
    </message>
    <message>
        <source>四上企业</source>
        <translation>“Four above” companies</translation>
    </message>
    <message>
        <source>包联企业</source>
        <translation>Assigned companies</translation>
    </message>
    <message>
        <source>自查</source>
        <translation>Found by ourselves</translation>
    </message>
    <message>
        <source>农、林、牧、渔业</source>
        <translation>Agriculture, forestry, animal husbandry and fishery</translation>
    </message>
    <message>
        <source>采矿业</source>
        <translation>Mining</translation>
    </message>
    <message>
        <source>制造业</source>
        <translation>Manufacturing</translation>
    </message>
    <message>
        <source>电力、热力、燃气及水生产和供应业</source>
        <translation>Electricity, heat, gas and water production and supply</translation>
    </message>
    <message>
        <source>建筑业</source>
        <translation>Construction</translation>
    </message>
    <message>
        <source>批发和零售业</source>
        <translation>Wholesale and retail trade</translation>
    </message>
    <message>
        <source>交通运输、仓储和邮政业</source>
        <translation>Transport, storage and post</translation>
    </message>
    <message>
        <source>住宿和餐饮业</source>
        <translation>Accommodation and catering</translation>
    </message>
    <message>
        <source>信息传输、软件和信息技术服务业</source>
        <translation>Information transmission, software and IT services</translation>
    </message>
    <message>
        <source>金融业</source>
        <translation>Finance</translation>
    </message>
    <message>
        <source>房地产业</source>
        <translation>Real estate</translation>
    </message>
    <message>
        <source>租赁和商务服务业</source>
        <translation>Leasing and business services</translation>
    </message>
    <message>
        <source>科学研究和技术服务业</source>
        <translation>Scientific research and technical services</translation>
    </message>
    <message>
        <source>水利、环境和公共设施管理业</source>
        <translation>Water conservancy, environment and public facilities management</translation>
    </message>
    <message>
        <source>居民服务、修理和其他服务业</source>
        <translation>Resident services, repair and other services</translation>
    </message>
    <message>
        <source>教育</source>
        <translation>Education</translation>
    </message>
    <message>
        <source>卫生和社会工作</source>
        <translation>Health and social work</translation>
    </message>
    <message>
        <source>文化、体育和娱乐业</source>
        <translation>Culture, sports and entertainment</translation>
    </message>
    <message>
        <source>公共管理、社会保障和社会组织</source>
        <translation>Public administration, social security and social organisations</translation>
    </message>
    <message>
        <source>国际组织</source>
        <translation>International organisations</translation>
    </message>
</context>
<context>
    <name>DropArea</name>
    <message>
        <source>把 Excel 文件或整个文件夹拖到这里</source>
        <translation>Drop Excel files or a whole folder here</translation>
    </message>
</context>
<context>
    <name>EnterpriseForm</name>
    <message>
        <source>18 位，例如 914403001922038216</source>
        <extracomment>Service field names (ValidationError.field) → the form&apos;s field, for inline errors.</extracomment>
        <translation>18 characters, e.g. 914403001922038216</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source>{code} {label}</source>
        <translation>{code} {label}</translation>
    </message>
    <message>
        <source>规模以上（规上）</source>
        <translation>Above designated size</translation>
    </message>
    <message>
        <source>四上企业</source>
        <translation>“Four above” company</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Company name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>区划代码</source>
        <translation>Division code</translation>
    </message>
    <message>
        <source>乡镇/街道</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>行业门类</source>
        <translation>Industry section</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>企业规模</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <source>产业链</source>
        <translation>Industrial chain</translation>
    </message>
    <message>
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>EnterprisePicker</name>
    <message>
        <source>输入企业名称、信用代码或联系人的一部分</source>
        <extracomment>The chosen enterprise&apos;s id, or &quot;&quot; when the text no longer names one.</extracomment>
        <translation>Type part of a company’s name, credit code or contact</translation>
    </message>
</context>
<context>
    <name>EnterprisesPage</name>
    <message>
        <source>走访</source>
        <extracomment>translate(&quot;Context&quot;, &quot;…&quot;): the context spelled out, so pyside6-lupdate files each string under it.</extracomment>
        <translation>Visit</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>{way}：{text}</source>
        <translation>{way}: {text}</translation>
    </message>
    <message>
        <source>【{category}】{description}</source>
        <translation>[{category}] {description}</translation>
    </message>
    <message>
        <source>问题 {n} 个</source>
        <translation>{n} problems</translation>
    </message>
    <message>
        <source>{status}（逾期）</source>
        <translation>{status} (overdue)</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>搜索企业名称、信用代码、联系人（Ctrl+F）</source>
        <translation>Search name, credit code, contact (Ctrl+F)</translation>
    </message>
    <message>
        <source>只看规上企业</source>
        <translation>Above scale only</translation>
    </message>
    <message>
        <source>新建企业</source>
        <translation>New company</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>合并重复…</source>
        <translation>Merge duplicate…</translation>
    </message>
    <message>
        <source>打印企业档案…</source>
        <translation>Print company file…</translation>
    </message>
    <message>
        <source>惠企政策</source>
        <translation>Policies</translation>
    </message>
    <message>
        <source>打印政策明白纸…</source>
        <translation>Print the policy sheet…</translation>
    </message>
    <message>
        <source>适合该企业的现行惠企政策：支持内容、申报方式、联系单位，标出已宣讲、已申报、已兑现的</source>
        <translation>The policies in force that fit this company: benefits, how to apply, contact; those explained, applied for and granted marked</translation>
    </message>
    <message>
        <source>登记政策申报/兑现…</source>
        <translation>Application/grant…</translation>
    </message>
    <message>
        <source>记录该企业对一项政策的申报日期，以及兑现日期和金额</source>
        <translation>Record when this company applied for a policy, and when and how much it was granted</translation>
    </message>
    <message>
        <source>保存（Ctrl+S）</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Profile</translation>
    </message>
    <message>
        <source>包联干部</source>
        <translation>Assigned cadres</translation>
    </message>
    <message>
        <source>走访和问题</source>
        <translation>Visits and problems</translation>
    </message>
    <message>
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Companies</translation>
    </message>
    <message>
        <source>共 {total} 家企业，已显示 {shown} 家</source>
        <translation>{total} companies, {shown} shown</translation>
    </message>
    <message>
        <source>已显示 {shown} 家（向下滚动显示更多）</source>
        <translation>{shown} shown (scroll down for more)</translation>
    </message>
    <message>
        <source>找到 {shown} 家</source>
        <translation>{shown} found</translation>
    </message>
    <message>
        <source>请先改正标红的内容</source>
        <translation>Please correct what is marked in red first</translation>
    </message>
    <message>
        <source>未保存：{reason}</source>
        <translation>Not saved: {reason}</translation>
    </message>
    <message>
        <source>已保存：{name}</source>
        <translation>Saved: {name}</translation>
    </message>
    <message>
        <source>删除企业</source>
        <translation>Delete company</translation>
    </message>
    <message>
        <source>删除“{name}”？删除后不再出现在列表和统计中，记录保留，可由管理员恢复。</source>
        <translation>Delete “{name}”? It will no longer appear in lists and statistics; the records are kept and an administrator can restore them.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>已合并，保留：{name}</source>
        <translation>Merged, kept: {name}</translation>
    </message>
    <message>
        <source>未合并：{reason}</source>
        <translation>Not merged: {reason}</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>程序出现错误，详细信息已保存到 {path}</source>
        <extracomment>translate(&quot;Context&quot;, &quot;…&quot;): the context spelled out, so pyside6-lupdate files each string under it. Boxes shown without a parent window must outlive the call that opened them.</extracomment>
        <translation>Something went wrong; the details were saved to {path}</translation>
    </message>
    <message>
        <source>助企走访台账</source>
        <translation>Zhuqi Visit Ledger</translation>
    </message>
</context>
<context>
    <name>ExchangePage</name>
    <message>
        <source>导入</source>
        <extracomment>(ID, name（unit）) of every cadre. The consolidated ledger the last merge wrote. What the last import read (a preview&apos;s 正式导入 imports the same, with the same mapping). What the acting person may do (app.services.access): only office staff import for real, undo and settle conflicts; anyone may preview an import and export.</extracomment>
        <translation>Import</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>冲突处理</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>数据交换</source>
        <translation>Exchange</translation>
    </message>
    <message>
        <source>导出交换工作簿（报送或交给其他电脑）</source>
        <translation>Export an exchange workbook (to report, or for another computer)</translation>
    </message>
    <message>
        <source>只导出此期间</source>
        <translation>Only this period</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>乡镇/街道</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>包联干部所在单位</source>
        <translation>Assigned cadre’s unit</translation>
    </message>
    <message>
        <source>只导出上次导出到同一文件以来的变化</source>
        <translation>Only what changed since the last export to the same file</translation>
    </message>
    <message>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>走访台账交换_{date}.xlsx</source>
        <translation>visit-ledger-exchange_{date}.xlsx</translation>
    </message>
    <message>
        <source>导出交换工作簿</source>
        <translation>Export exchange workbook</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>正在导出……</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>正在导出交换工作簿……</source>
        <translation>Exporting the exchange workbook…</translation>
    </message>
    <message>
        <source>已导出到 {path}（{filters}）：{counts}</source>
        <translation>Exported to {path} ({filters}): {counts}</translation>
    </message>
    <message>
        <source>没有需要导出的记录</source>
        <translation>nothing to export</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose files…</translation>
    </message>
    <message>
        <source>选择文件夹…</source>
        <translation>Choose a folder…</translation>
    </message>
    <message>
        <source>先预览（不写入数据库）</source>
        <translation>Preview first (nothing written)</translation>
    </message>
    <message>
        <source>尚未选择文件</source>
        <translation>No files chosen yet</translation>
    </message>
    <message>
        <source>开始导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>预览无误，正式导入</source>
        <translation>Preview is right: import it</translation>
    </message>
    <message>
        <source>打开拒收工作簿</source>
        <translation>Open the rejections workbook</translation>
    </message>
    <message>
        <source>另存拒收工作簿…</source>
        <translation>Save the rejections workbook as…</translation>
    </message>
    <message>
        <source>设置名录或台账的列对应…</source>
        <translation>Set the roster’s or ledger’s columns…</translation>
    </message>
    <message>
        <source>选择要导入的文件</source>
        <translation>Choose the files to import</translation>
    </message>
    <message>
        <source>Excel 或 CSV (*.xlsx *.xlsm *.xls *.csv)</source>
        <translation>Excel or CSV (*.xlsx *.xlsm *.xls *.csv)</translation>
    </message>
    <message>
        <source>选择包含报送文件的文件夹</source>
        <translation>Choose the folder holding the reported files</translation>
    </message>
    <message>
        <source> 等 {n} 项</source>
        <translation> and others, {n} in all</translation>
    </message>
    <message>
        <source>正在预览……</source>
        <translation>Previewing…</translation>
    </message>
    <message>
        <source>正在导入……</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>正在读取和核对文件……</source>
        <translation>Reading and checking the files…</translation>
    </message>
    <message>
        <source>{kind}：新增 {created}，更新 {updated}，未变 {unchanged}，冲突 {conflicts}，拒收 {rejected}</source>
        <translation>{kind}: {created} new, {updated} updated, {unchanged} unchanged, {conflicts} conflicts, {rejected} rejected</translation>
    </message>
    <message>
        <source>提示：表头或列没有被识别的企业名录或问题台账，可在上表中选中该文件，点“设置名录或台账的列对应…”指定后再导入。</source>
        <translation>Tip: for a roster or problem ledger whose header or columns were not recognised, select it above, click “Set the roster’s or ledger’s columns…”, then import it.</translation>
    </message>
    <message>
        <source>预览结果（尚未写入）</source>
        <translation>Preview (nothing written yet)</translation>
    </message>
    <message>
        <source>导入完成</source>
        <translation>Import finished</translation>
    </message>
    <message>
        <source>另存拒收工作簿</source>
        <translation>Save the rejections workbook</translation>
    </message>
    <message>
        <source>保留本机版本</source>
        <translation>Keep this computer’s version</translation>
    </message>
    <message>
        <source>已导入</source>
        <extracomment>translate(&quot;Context&quot;, &quot;…&quot;): the context spelled out, so pyside6-lupdate files each string under it.</extracomment>
        <translation>Imported</translation>
    </message>
    <message>
        <source>未导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <source>预览（未写入）</source>
        <translation>Preview (not written)</translation>
    </message>
    <message>
        <source>已跳过</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>未变</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>拒收</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>{status}（{reason}）</source>
        <translation>{status} ({reason})</translation>
    </message>
    <message>
        <source>{status}：{error}</source>
        <translation>{status}: {error}</translation>
    </message>
    <message>
        <source>{status}，{n} 条说明见下方</source>
        <translation>{status}, {n} notes below</translation>
    </message>
    <message>
        <source>· {file}：{note}</source>
        <extracomment>Notes shown under the file list when no file is selected (the rest: select a file).</extracomment>
        <translation>· {file}: {note}</translation>
    </message>
    <message>
        <source>…… 另有 {n} 条，在上表中选中文件可看该文件的全部说明</source>
        <translation>… {n} more; select a file above to see all of its notes</translation>
    </message>
    <message>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>已于 {time} 撤销</source>
        <translation>Undone on {time}</translation>
    </message>
    <message>
        <source>导入中断，已在之后启动时结束（已完成的文件保留，可撤销）</source>
        <translation>Import interrupted, closed at a later start (finished files kept, can be undone)</translation>
    </message>
    <message>
        <source>未完成（正在导入，或导入被强行终止）</source>
        <translation>Not finished (importing now, or the import was killed)</translation>
    </message>
    <message>
        <source>已取消（已完成的文件保留）</source>
        <translation>Cancelled (finished files kept)</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>导入时间</source>
        <translation>Imported at</translation>
    </message>
    <message>
        <source>导入人</source>
        <translation>Imported by</translation>
    </message>
    <message>
        <source>（未设置使用人）</source>
        <translation>(user not set)</translation>
    </message>
    <message>
        <source>新增或修改记录</source>
        <translation>Records added or changed</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>{kind}：{title}</source>
        <translation>{kind}: {title}</translation>
    </message>
    <message>
        <source>（一方删除、一方修改）</source>
        <translation>(deleted on one side, changed on the other)</translation>
    </message>
    <message>
        <source>一处删除了这条记录，另一处同时修改了它：请选择保留哪一方</source>
        <translation>One side deleted this record while the other changed it: choose which side to keep</translation>
    </message>
    <message>
        <source>两处都修改了这条记录的相同字段，改成了不同的内容：请选择保留哪一方（其余字段已自动合并）</source>
        <translation>Both sides changed the same fields of this record, differently: choose which side to keep (the other fields were merged)</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>来自</source>
        <translation>From</translation>
    </message>
    <message>
        <source>{file} {sheet} 第 {row} 行</source>
        <translation>{file}, sheet {sheet}, row {row}</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>本机版本</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>来件版本</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <source>导入批次</source>
        <translation>Import batches</translation>
    </message>
    <message>
        <source>全部企业（或输入企业名称、信用代码，只导出这一家）</source>
        <translation>All companies (or type a name or credit code to export only that one)</translation>
    </message>
    <message>
        <source>包联干部</source>
        <translation>Assigned cadre</translation>
    </message>
    <message>
        <source>隐去个人信息（电话号码、身份证号码、企业人员姓名），供对外报送；这样的文件不能再导入</source>
        <translation>Leave out personal data (phone and ID-card numbers, names of company staff) to share outside the office; such a file cannot be imported</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{kind} {n}</source>
        <translation>{kind} {n}</translation>
    </message>
    <message>
        <source>导入并生成汇总台账…</source>
        <translation>Import and make the consolidated ledger…</translation>
    </message>
    <message>
        <source>一步完成：导入所选文件，再把本机的全部数据导出为一份汇总台账（交换工作簿）</source>
        <translation>In one step: import the chosen files, then export all data here as one consolidated ledger (an exchange workbook)</translation>
    </message>
    <message>
        <source>企业名录中的企业加标签：</source>
        <translation>Tag the companies of a roster:</translation>
    </message>
    <message>
        <source>不加标签</source>
        <translation>No tag</translation>
    </message>
    <message>
        <source>导入专精特新、高新技术企业等名单时选择或输入标签，名单中的企业（含本机已有的）都会加上；交换工作簿不受影响</source>
        <translation>When importing a list (specialised and innovative firms, high-tech firms …), choose or type a tag: every company on it gets the tag, those already here too; exchange workbooks are not affected</translation>
    </message>
    <message>
        <source>问题台账的问题来源：</source>
        <translation>Source of a ledger’s problems:</translation>
    </message>
    <message>
        <source>台账中没有“问题来源”列（或该格为空）时问题的来源，不选则为走访发现；上级交办的问题在统计中单列</source>
        <translation>The source of problems whose ledger has no source column (or leaves it blank); unless chosen, found on a visit. Problems handed down from above are counted apart in the statistics</translation>
    </message>
    <message>
        <source>按台账</source>
        <translation>As the ledger says</translation>
    </message>
    <message>
        <source>打开汇总台账</source>
        <translation>Open the consolidated ledger</translation>
    </message>
    <message>
        <source>所选文件的表头或列没有被正确识别时，指定表头所在的行和各列对应的字段，再导入</source>
        <translation>When the header or the columns of the selected file were not recognised: give the header row and each column’s field, then import</translation>
    </message>
    <message>
        <source>{name}（文件夹）</source>
        <translation>{name} (folder)</translation>
    </message>
    <message>
        <source>说明：</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <source>汇总台账_{date}.xlsx</source>
        <translation>consolidated-ledger_{date}.xlsx</translation>
    </message>
    <message>
        <source>汇总台账保存为</source>
        <translation>Save the consolidated ledger as</translation>
    </message>
    <message>
        <source>正在导入并生成汇总台账……</source>
        <translation>Importing and making the consolidated ledger…</translation>
    </message>
    <message>
        <source>汇总台账未保存：{why}</source>
        <translation>The consolidated ledger was not saved: {why}</translation>
    </message>
    <message>
        <source>汇总台账已保存到 {path}</source>
        <translation>The consolidated ledger was saved to {path}</translation>
    </message>
    <message>
        <source>另有 {n} 个文件未导入，原因见上表（鼠标停在“结果”上可看全文）</source>
        <translation>{n} more files were not imported; the reasons are in the table above (hover over “Result” to read them whole)</translation>
    </message>
    <message>
        <source>其中的行计为未变，仍待处理的冲突照旧计为冲突</source>
        <translation>their rows count as unchanged, conflicts still waiting count as conflicts</translation>
    </message>
    <message>
        <source>全部计为未变</source>
        <translation>all counted as unchanged</translation>
    </message>
    <message>
        <source>其中 {n} 个文件与之前导入的文件完全相同，未重新读取（{counted}）</source>
        <translation>{n} of them are identical to files imported before and were not read again ({counted})</translation>
    </message>
    <message>
        <source>已取消：{done} 个文件已处理，其余 {stopped} 个未导入</source>
        <translation>Cancelled: {done} files done, the other {stopped} not imported</translation>
    </message>
    <message>
        <source>（预览，尚未写入）</source>
        <translation> (preview, nothing written)</translation>
    </message>
    <message>
        <source>{head}。
{parts}</source>
        <translation>{head}.
{parts}</translation>
    </message>
    <message>
        <source>{head}：{n} 个文件。
{parts}</source>
        <translation>{head}: {n} files.
{parts}</translation>
    </message>
    <message>
        <source>全部选中</source>
        <translation>Select all</translation>
    </message>
    <message>
        <source>采用来件版本</source>
        <translation>Take the incoming version</translation>
    </message>
    <message>
        <source>{name}（{unit}）</source>
        <translation>{name} ({unit})</translation>
    </message>
    <message>
        <source>{name}（{role}）</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <source>当前使用人</source>
        <translation>The current user</translation>
    </message>
    <message>
        <source>{who}不能导入、撤销导入或处理冲突（只有办公室、经办人员可以）；可以预览导入文件，也可以导出</source>
        <translation>{who} may not import, undo an import or settle conflicts (only office staff may); previewing an import and exporting are open</translation>
    </message>
    <message>
        <source>全部乡镇</source>
        <translation>All townships</translation>
    </message>
    <message>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>全部干部</source>
        <translation>All cadres</translation>
    </message>
    <message>
        <source>待处理的冲突：{n} 个（同一字段在本机和来件中被改成了不同内容，请选择保留哪一方；其余修改已自动合并）</source>
        <translation>Conflicts to settle: {n} (a field changed differently here and in the incoming file: choose which side to keep; every other change was merged)</translation>
    </message>
    <message>
        <source>已选中 {n} 个冲突；下面是“{title}”有冲突的字段（左：本机，右：来件；其余字段已自动合并）</source>
        <translation>{n} conflicts selected; below, the fields of “{title}” in conflict (left: here, right: incoming; the other fields were merged)</translation>
    </message>
    <message>
        <source>有冲突的字段（左：本机，右：来件；其余字段已自动合并）</source>
        <translation>Fields in conflict (left: here, right: incoming; the other fields were merged)</translation>
    </message>
    <message>
        <source>没有待处理的冲突</source>
        <translation>No conflicts waiting</translation>
    </message>
    <message>
        <source>冲突处理（{n}）</source>
        <translation>Conflicts ({n})</translation>
    </message>
    <message>
        <source>{text}（{n} 个）</source>
        <translation>{text} ({n})</translation>
    </message>
    <message>
        <source>处理冲突</source>
        <translation>Settle conflicts</translation>
    </message>
    <message>
        <source>选中的 {n} 个冲突都{choice}？
各条记录的修改历史中会记下这次选择。</source>
        <translation>For all {n} selected conflicts: {choice}?
Each record’s history will note this choice.</translation>
    </message>
    <message>
        <source>正在处理冲突……</source>
        <translation>Settling the conflicts…</translation>
    </message>
    <message>
        <source>每次导入是一个批次。撤销批次会删除该批次新增的记录、把被它修改的记录恢复原样，并撤销它留下的冲突；只要这些记录之后没有再被修改，就能撤销，撤销后可以重新导入同样的文件。</source>
        <translation>Each import is a batch. Undoing a batch deletes the records it added, restores the records it changed and withdraws the conflicts it left; it can be undone as long as those records have not been changed since, and the same files can be imported again afterwards.</translation>
    </message>
    <message>
        <source>撤销此批次…</source>
        <translation>Undo this batch…</translation>
    </message>
    <message>
        <source>撤销导入批次</source>
        <translation>Undo import batch</translation>
    </message>
    <message>
        <source>撤销 {when} 导入的批次 {id}（{files} 个文件，新增或修改记录 {n} 条）？
该批次新增的记录将被删除，被修改的记录恢复原样，它留下的冲突一并撤销。修改历史中会记下这次撤销。</source>
        <translation>Undo batch {id} imported on {when} ({files} files, {n} records added or changed)?
The records it added will be deleted, the records it changed restored and its conflicts withdrawn. The history will note the undo.</translation>
    </message>
    <message>
        <source>撤销批次</source>
        <translation>Undo batch</translation>
    </message>
    <message>
        <source>正在撤销……</source>
        <translation>Undoing…</translation>
    </message>
    <message>
        <source>正在撤销导入批次……</source>
        <translation>Undoing the import batch…</translation>
    </message>
    <message>
        <source>已撤销批次 {id}：删除该批次新增的记录 {removed} 条，恢复被修改的记录 {restored} 条，撤销等待处理的冲突 {dropped} 条。</source>
        <translation>Batch {id} undone: {removed} records it added deleted, {restored} records it changed restored, {dropped} waiting conflicts withdrawn.</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>欢迎使用助企走访台账</source>
        <translation>Welcome to Zhuqi Visit Ledger</translation>
    </message>
    <message>
        <source>请填写使用人</source>
        <translation>Who uses this program?</translation>
    </message>
    <message>
        <source>这是第一次使用。请填写本人信息（会印在导出的工作簿和打印的报表上），也可以先放入一份演示数据熟悉操作。</source>
        <translation>This is the first start. Please say who you are (printed on exported workbooks and reports); you can also put in demo data to try things out.</translation>
    </message>
    <message>
        <source>这个数据库还没有设置使用人。导入、撤销、交办等操作会记下操作人，请填写本人信息（以后可在“设置”页修改）。</source>
        <translation>Nobody is named as this database&apos;s user yet. Imports, undos, hand-overs and other steps record who made them: please enter your details (you can change them later on the Settings page).</translation>
    </message>
    <message>
        <source>（不填）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>放入演示数据（虚构的河阳县约 200 家企业，您是其中一名包联干部；可随时换用新的数据库）</source>
        <translation>Put in demo data (about 200 companies of the imaginary Heyang county, with you as one of the assigned cadres; a new database can be used at any time)</translation>
    </message>
    <message>
        <source>开始使用</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>以后再说</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>请填写姓名和单位</source>
        <translation>Please enter your name and unit</translation>
    </message>
    <message>
        <source>正在生成演示数据……</source>
        <translation>Making demo data…</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>{year}年{month}月{day}日</source>
        <translation>{month}/{day}/{year}</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>经办人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>经由</source>
        <translation>Through</translation>
    </message>
    <message>
        <source>暂无修改记录</source>
        <translation>No changes recorded yet</translation>
    </message>
    <message>
        <source>（来自安装 {id}）</source>
        <translation> (from installation {id})</translation>
    </message>
    <message>
        <source>（未设置使用人）</source>
        <translation>(user not set)</translation>
    </message>
</context>
<context>
    <name>InvestmentDialog</name>
    <message>
        <source>登记项目投资：{name}</source>
        <translation>Record investment: {name}</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>计划投资</source>
        <translation>Planned investment</translation>
    </message>
    <message>
        <source>到位资金</source>
        <translation>Funds in place</translation>
    </message>
</context>
<context>
    <name>LedgerButtons</name>
    <message>
        <source>交办</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>领单</source>
        <translation>Claim</translation>
    </message>
    <message>
        <source>记录进展</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>协办反馈</source>
        <translation>Assist reply</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Solve</translation>
    </message>
    <message>
        <source>回访评价</source>
        <translation>Evaluate</translation>
    </message>
    <message>
        <source>销号</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>退回重办</source>
        <translation>Send back</translation>
    </message>
    <message>
        <source>申请延期</source>
        <translation>Ask ext.</translation>
    </message>
    <message>
        <source>审批延期</source>
        <translation>Decide ext.</translation>
    </message>
    <message>
        <source>督办</source>
        <translation>Supervise</translation>
    </message>
    <message>
        <source>暂不具备条件</source>
        <translation>Can&apos;t solve</translation>
    </message>
    <message>
        <source>恢复办理</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>上报</source>
        <translation>Escalate</translation>
    </message>
</context>
<context>
    <name>LedgerPage</name>
    <message>
        <source>批量交办…</source>
        <extracomment>Starting widths of 收到日期, 企业, 乡镇/街道, 类别, 问题描述 (stretched), 主办单位, 当前环节, 环节时限, 逾期 (working days), 状态, 企业评价. 乡镇/街道, 环节时限 and 企业评价 start hidden: the stage awaited and how late it is show, and every cell&apos;s tooltip gives the stage&apos;s due day. The workflow buttons in three columns: the pane beside the table stays about 300 px wide. Where the header&apos;s widths, hidden columns and sort are kept; &quot;-3&quot; since the stage columns, so a layout saved with other columns (问题描述 squeezed to ~125 px in &quot;-1&quot;) is not brought back. The workflow buttons, in the order of the work (列单、领单、办单、清单). Where the next page of the shown query starts; None when every row is shown. What the acting person may do (app.services.access): the rest is shown disabled.</extracomment>
        <translation>Hand over several…</translation>
    </message>
    <message>
        <source>批量督办…</source>
        <translation>Supervise several…</translation>
    </message>
    <message>
        <source>督办单位逾期问题…</source>
        <translation>Supervise a unit&apos;s overdue…</translation>
    </message>
    <message>
        <source>打印督办单</source>
        <translation>Print notice</translation>
    </message>
    <message>
        <source>打印回访评价表</source>
        <translation>Eval. form</translation>
    </message>
    <message>
        <source>打印回访评价表，供企业签字</source>
        <translation>Print the evaluation form for the company to sign</translation>
    </message>
    <message>
        <source>打印台账…</source>
        <translation>Print ledger…</translation>
    </message>
    <message>
        <source>问题台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <source>搜索企业、问题、诉求、办理结果、单位（Ctrl+F）</source>
        <translation>Search company, problem, request, result, unit (Ctrl+F)</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>全部时限</source>
        <translation>Any deadline</translation>
    </message>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>7 天内到期</source>
        <translation>Due within 7 days</translation>
    </message>
    <message>
        <source>延期待审批</source>
        <translation>Extension awaiting decision</translation>
    </message>
    <message>
        <source>全部环节</source>
        <translation>All stages</translation>
    </message>
    <message>
        <source>全部包联领导</source>
        <translation>All leaders in charge</translation>
    </message>
    <message>
        <source>收到日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>在左侧选择一个问题</source>
        <translation>Select a problem on the left</translation>
    </message>
    <message>
        <source>办理</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>办理过程</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>历史</source>
        <translation>History</translation>
    </message>
    <message>
        <source>包联领导：{name}</source>
        <translation>Leader in charge: {name}</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>全部乡镇</source>
        <translation>All townships</translation>
    </message>
    <message>
        <source>全部主办单位</source>
        <translation>All lead units</translation>
    </message>
    <message>
        <source>正在查询……</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>共 {total} 个问题，已显示 {shown} 个</source>
        <translation>{total} problems, {shown} shown</translation>
    </message>
    <message>
        <source>{category}（{scope}，{source}，{level}级）</source>
        <translation>{category} ({scope}, {source}, {level} level)</translation>
    </message>
    <message>
        <source>{lead}；协办：{assists}</source>
        <translation>{lead}; assisting: {assists}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>办理类型</source>
        <translation>Handling</translation>
    </message>
    <message>
        <source>当前环节</source>
        <translation>Current stage</translation>
    </message>
    <message>
        <source>环节时限</source>
        <translation>Stage deadlines</translation>
    </message>
    <message>
        <source>办结时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>（原定{d}，经批准延期）</source>
        <translation> (originally {d}, extension approved)</translation>
    </message>
    <message>
        <source>；有延期申请待审批</source>
        <translation>; an extension request awaits a decision</translation>
    </message>
    <message>
        <source>地企合作项目</source>
        <translation>Cooperation project</translation>
    </message>
    <message>
        <source>{stage}（时限 {due}，已逾期 {n} 个工作日）</source>
        <translation>{stage} (due {due}, {n} working days overdue)</translation>
    </message>
    <message>
        <source>{stage}（时限 {due}）</source>
        <translation>{stage} (due {due})</translation>
    </message>
    <message>
        <source>交办</source>
        <translation>Hand-over</translation>
    </message>
    <message>
        <source>首次反馈</source>
        <translation>First feedback</translation>
    </message>
    <message>
        <source>协办</source>
        <translation>Assisting</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>已完成 {d}</source>
        <translation>done {d}</translation>
    </message>
    <message>
        <source>未完成</source>
        <translation>not done</translation>
    </message>
    <message>
        <source>{label} {due}（{state}）</source>
        <translation>{label} {due} ({state})</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>已登记督办；点“打印督办单”打印带编号的督办单</source>
        <translation>Supervision recorded; “Print notice” prints the numbered notice</translation>
    </message>
    <message>
        <source>督办单位逾期问题</source>
        <translation>Supervise a unit&apos;s overdue problems</translation>
    </message>
    <message>
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <source>{unit}今天没有逾期的办理中问题</source>
        <translation>{unit} has no overdue problem in progress today</translation>
    </message>
    <message>
        <source>{unit}今天逾期的 {n} 个问题</source>
        <translation>{n} problems of {unit} overdue today</translation>
    </message>
    <message>
        <source>已选择 {n} 个问题</source>
        <translation>{n} problems selected</translation>
    </message>
    <message>
        <source>已登记督办 {n} 个问题，可逐个打印督办单</source>
        <translation>Supervision recorded for {n} problems; each one&apos;s notice can be printed</translation>
    </message>
    <message>
        <source>{status}，{evaluation}</source>
        <translation>{status}, {evaluation}</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>诉求</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>主办</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <source>责任人</source>
        <translation>Person responsible</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
</context>
<context>
    <name>LinkProblemDialog</name>
    <message>
        <source>关联问题：{name}</source>
        <translation>Link a problem: {name}</translation>
    </message>
    <message>
        <source>正在读取涉及企业的问题…</source>
        <translation>Reading the problems of the companies involved…</translation>
    </message>
    <message>
        <source>关联</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>[{status}] {enterprise}：{description}</source>
        <translation>[{status}] {enterprise}: {description}</translation>
    </message>
    <message>
        <source>选择涉及企业的一个未销号问题（已关联其他项目的不列出）：</source>
        <translation>Choose a problem of the companies involved that is not closed (those linked to another project are not listed):</translation>
    </message>
    <message>
        <source>涉及企业没有可关联的未销号问题。</source>
        <translation>The companies involved have no problem that is not closed and could be linked.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>助企走访台账</source>
        <extracomment>The window&apos;s size on first start, and the room its title bar and frame take around it.</extracomment>
        <translation>Zhuqi Visit Ledger</translation>
    </message>
    <message>
        <source>数据库：{path}</source>
        <translation>Database: {path}</translation>
    </message>
    <message>
        <source>新建走访</source>
        <translation>New visit</translation>
    </message>
    <message>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>使用人：{who}</source>
        <extracomment>Shown maximized: the first start on a screen too small for the first size with its frame.</extracomment>
        <translation>User: {who}</translation>
    </message>
    <message>
        <source>使用人：未设置（见“设置”）</source>
        <translation>User: not set (see Settings)</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>企业名称</source>
        <extracomment>The profile lines compared side by side: (label, attribute); labels marked for lupdate.</extracomment>
        <translation>Company name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>乡镇/街道</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>企业规模</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <source>产业链</source>
        <translation>Industrial chain</translation>
    </message>
    <message>
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>合并重复企业</source>
        <translation>Merge duplicate companies</translation>
    </message>
    <message>
        <source>保留“{name}”。请选择与它重复的企业：</source>
        <translation>Keep “{name}”. Choose the company that duplicates it:</translation>
    </message>
    <message>
        <source>保留</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>重复（合并后删除）</source>
        <translation>Duplicate (deleted after the merge)</translation>
    </message>
    <message>
        <source>确认合并</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>选择重复的企业后，这里显示将移到保留企业的记录。</source>
        <translation>Once the duplicate is chosen, the records that move to the kept company are listed here.</translation>
    </message>
    <message>
        <source>合并后，“{dup}”的走访 {visits} 次、问题 {problems} 个、包联关系 {assignments} 条移到“{keep}”；保留企业的空白信息和标签由重复企业补全；“{dup}”随后删除（记录保留，可由管理员恢复）。每一处改动都记入修改历史。确认合并吗？</source>
        <translation>The merge moves {visits} visits, {problems} problems and {assignments} assignments of “{dup}” to “{keep}”; blanks and tags of the kept company are filled from the duplicate; “{dup}” is then deleted (its records are kept and an administrator can restore them). Every change goes into the history. Merge?</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>取消</source>
        <extracomment>Emitted on the GUI thread after a successful write: what it changed, and who asked (a screen that already shows the result need not reload). Number of operations not yet delivered (tests wait for 0).</extracomment>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>正在停止……</source>
        <translation>Stopping…</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>取消</source>
        <extracomment>The changes that make this screen&apos;s data stale. The screen asks the window to be shown (e.g. a draft restored at start).</extracomment>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Policies</name>
    <message>
        <source>失效</source>
        <extracomment>translate(&quot;Policies&quot;, &quot;…&quot;): the context spelled out, so pyside6-lupdate files each string under it.</extracomment>
        <translation>Expired</translation>
    </message>
    <message>
        <source>未生效</source>
        <translation>Not yet in force</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>In force</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>政策名称</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <source>发文单位</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>发布日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>长期</source>
        <translation>No end</translation>
    </message>
    <message>
        <source>适用企业</source>
        <translation>Who may claim</translation>
    </message>
    <message>
        <source>联系单位</source>
        <translation>Contact</translation>
    </message>
</context>
<context>
    <name>PoliciesPage</name>
    <message>
        <source>搜索政策名称、文号、发文单位、适用对象、支持内容</source>
        <translation>Search title, document no., issuer, eligibility, benefits</translation>
    </message>
    <message>
        <source>全部企业标签</source>
        <translation>All company tags</translation>
    </message>
    <message>
        <source>只看有效的</source>
        <translation>In force only</translation>
    </message>
    <message>
        <source>导入政策汇编…</source>
        <translation>Import policy list…</translation>
    </message>
    <message>
        <source>导入本单位或上级整理的政策清单（Excel）：同一文号的政策再次导入时更新，不会重复</source>
        <translation>Import a list of policies kept by this office or sent from above (Excel): a policy with the same document number is updated when imported again, never duplicated</translation>
    </message>
    <message>
        <source>新增政策…</source>
        <translation>New policy…</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>删除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>登记申报/兑现…</source>
        <translation>Record application/grant…</translation>
    </message>
    <message>
        <source>记录企业对所选政策的申报日期，以及兑现日期和金额</source>
        <translation>Record when a company applied for the selected policy, and when and how much it was granted</translation>
    </message>
    <message>
        <source>政策库</source>
        <translation>Policies</translation>
    </message>
    <message>
        <source>共 {n} 项政策，其中失效 {expired} 项</source>
        <translation>{n} policies, {expired} of them expired</translation>
    </message>
    <message>
        <source>删除政策</source>
        <translation>Delete policy</translation>
    </message>
    <message>
        <source>删除政策“{title}”？
走访中宣讲过它的记录和企业的申报、兑现记录仍保留在历史中，但不再列出和统计。</source>
        <translation>Delete the policy “{title}”?
The visits that explained it and the companies&apos; applications and grants stay in the history, but are no longer listed or counted.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>长期</source>
        <translation>No end</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>发文单位</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <source>发布日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>有效期</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>适用对象</source>
        <translation>Eligibility</translation>
    </message>
    <message>
        <source>适用企业</source>
        <translation>Who may claim</translation>
    </message>
    <message>
        <source>支持内容</source>
        <translation>Benefits</translation>
    </message>
    <message>
        <source>申报方式</source>
        <translation>How to apply</translation>
    </message>
    <message>
        <source>联系单位</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>宣传兑现</source>
        <translation>Reach</translation>
    </message>
    <message>
        <source>已向 {explained} 家企业宣讲，{applied} 家申报，{granted} 家已兑现，兑现金额 {amount} 元</source>
        <translation>Explained to {explained} companies; {applied} applied, {granted} granted, {amount} yuan in all</translation>
    </message>
    <message>
        <source>选择政策汇编</source>
        <translation>Choose a policy list</translation>
    </message>
    <message>
        <source>Excel 或 CSV (*.xlsx *.xlsm *.xls *.csv)</source>
        <translation>Excel or CSV (*.xlsx *.xlsm *.xls *.csv)</translation>
    </message>
    <message>
        <source>正在导入政策汇编……</source>
        <translation>Importing the policy list…</translation>
    </message>
    <message>
        <source>{file} 不是政策汇编（已按{kind}导入，见“数据交换”页）</source>
        <translation>{file} is not a policy list (imported as {kind}; see Exchange)</translation>
    </message>
    <message>
        <source>{file}：新增 {created} 项，更新 {updated} 项，未变 {unchanged} 项，未导入 {rejected} 行</source>
        <translation>{file}: {created} added, {updated} updated, {unchanged} unchanged, {rejected} rows not imported</translation>
    </message>
    <message>
        <source>  第 {row} 行 {column}“{value}”：{reason}</source>
        <translation>  row {row}, {column} “{value}”: {reason}</translation>
    </message>
    <message>
        <source>  ……另有 {n} 行未导入</source>
        <translation>  … and {n} more rows not imported</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <source>修改政策</source>
        <extracomment>What may stand between the items typed in one box (、 ，, ；; spaces).</extracomment>
        <translation>Change policy</translation>
    </message>
    <message>
        <source>新增政策</source>
        <translation>New policy</translation>
    </message>
    <message>
        <source>如 豫政办〔2025〕12号</source>
        <translation>e.g. Yu Zheng Ban [2025] No. 12</translation>
    </message>
    <message>
        <source>如 2026-06-10，可不填</source>
        <translation>e.g. 2026-06-10, optional</translation>
    </message>
    <message>
        <source>有效期的最后一天；不填为长期有效</source>
        <translation>The last day in force; empty: no end</translation>
    </message>
    <message>
        <source>国民经济行业门类字母，如 C、F；不填为不限</source>
        <translation>Industry section letters, e.g. C, F; empty: any</translation>
    </message>
    <message>
        <source>企业标签，如 专精特新、规上工业；不填为不限</source>
        <translation>Company tags, e.g. specialised SME, above-scale industry; empty: any</translation>
    </message>
    <message>
        <source>政策名称</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>发文单位</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>文号</source>
        <translation>Document no.</translation>
    </message>
    <message>
        <source>发布日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>有效期起</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>适用行业门类</source>
        <translation>Industry sections</translation>
    </message>
    <message>
        <source>适用企业规模</source>
        <translation>Company sizes</translation>
    </message>
    <message>
        <source>适用企业标签</source>
        <translation>Company tags</translation>
    </message>
    <message>
        <source>适用对象</source>
        <translation>Eligibility</translation>
    </message>
    <message>
        <source>支持内容</source>
        <translation>Benefits</translation>
    </message>
    <message>
        <source>申报方式</source>
        <translation>How to apply</translation>
    </message>
    <message>
        <source>联系单位</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{field}“{value}”：{reason}</source>
        <translation>{field} “{value}”: {reason}</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>保存 PDF</source>
        <extracomment>How long the status bar keeps &quot;已生成 …&quot; (ms).</extracomment>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>已生成 PDF：{path}（{pages} 页）</source>
        <translation>PDF made: {path} ({pages} pages)</translation>
    </message>
    <message>
        <source>PDF 已生成</source>
        <translation>PDF made</translation>
    </message>
    <message>
        <source>PDF 已保存到：
{path}
（{pages} 页）

这台电脑上没有找到打开 PDF 的程序。可以打开所在文件夹，用其他电脑打印，或安装 PDF 阅读器后再打开。</source>
        <translation>The PDF was saved to:
{path}
({pages} pages)

No program on this computer opens PDF files. Open its folder and print it from another computer, or install a PDF reader and open it again.</translation>
    </message>
    <message>
        <source>打开所在文件夹</source>
        <translation>Open its folder</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>正在生成问题台账……</source>
        <translation>Making the ledger…</translation>
    </message>
    <message>
        <source>正在生成走访记录……</source>
        <translation>Making the visit record…</translation>
    </message>
    <message>
        <source>正在生成企业档案……</source>
        <translation>Making the company file…</translation>
    </message>
    <message>
        <source>正在生成政策明白纸……</source>
        <translation>Making the policy sheet…</translation>
    </message>
    <message>
        <source>正在生成统计通报……</source>
        <translation>Making the report…</translation>
    </message>
    <message>
        <source>正在生成督办单……</source>
        <translation>Making the supervision notice…</translation>
    </message>
    <message>
        <source>正在生成回访评价表……</source>
        <translation>Making the evaluation form…</translation>
    </message>
</context>
<context>
    <name>ProblemCard</name>
    <message>
        <source>（请选择类别）</source>
        <translation>(choose a category)</translation>
    </message>
    <message>
        <source>企业反映的问题（按企业的原话）</source>
        <translation>The problem, in the company’s own words</translation>
    </message>
    <message>
        <source>企业诉求：希望解决什么、怎么解决</source>
        <translation>The company’s request: what should be solved, and how</translation>
    </message>
    <message>
        <source>删除此问题</source>
        <translation>Remove this problem</translation>
    </message>
    <message>
        <source>问题 {n}</source>
        <translation>Problem {n}</translation>
    </message>
</context>
<context>
    <name>ProjectDialog</name>
    <message>
        <source>新增地企合作项目</source>
        <translation>New cooperation project</translation>
    </message>
    <message>
        <source>修改地企合作项目</source>
        <translation>Edit cooperation project</translation>
    </message>
    <message>
        <source>如 中国建材集团有限公司</source>
        <translation>e.g. China National Building Material Group</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>Not given</translation>
    </message>
    <message>
        <source>双击移除</source>
        <translation>Double-click to remove</translation>
    </message>
    <message>
        <source>已签约</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>签约日期</source>
        <translation>Signing date</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>合作方</source>
        <translation>Partner</translation>
    </message>
    <message>
        <source>合作类型</source>
        <translation>Type of cooperation</translation>
    </message>
    <message>
        <source>涉及企业</source>
        <translation>Companies involved</translation>
    </message>
    <message>
        <source>所属行业</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>计划总投资</source>
        <translation>Planned total investment</translation>
    </message>
    <message>
        <source>责任领导</source>
        <translation>Leader in charge</translation>
    </message>
    <message>
        <source>责任单位</source>
        <translation>Unit in charge</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>Projects</name>
    <message>
        <source>签约</source>
        <translation>Signing</translation>
    </message>
    <message>
        <source>开工</source>
        <translation>Start of construction</translation>
    </message>
    <message>
        <source>投产</source>
        <translation>Start of production</translation>
    </message>
    <message>
        <source>达效</source>
        <translation>Full capacity</translation>
    </message>
    <message>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>合作方</source>
        <translation>Partner</translation>
    </message>
    <message>
        <source>责任单位</source>
        <translation>Unit in charge</translation>
    </message>
    <message>
        <source>签约日期</source>
        <translation>Signing date</translation>
    </message>
    <message>
        <source>计划投资（万元）</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>到位资金（万元）</source>
        <translation>In place</translation>
    </message>
    <message>
        <source>资金到位率</source>
        <translation>Paid-in rate</translation>
    </message>
    <message>
        <source>项目问题</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>{n}（未销号 {open}）</source>
        <translation>{n} ({open} not closed)</translation>
    </message>
    <message>
        <source>万元</source>
        <translation>×10k yuan</translation>
    </message>
</context>
<context>
    <name>ProjectsPage</name>
    <message>
        <source>搜索项目名称、合作方、合作类型、行业、责任领导</source>
        <translation>Search project, partner, type, sector, leader</translation>
    </message>
    <message>
        <source>全部责任单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>全部阶段</source>
        <translation>All stages</translation>
    </message>
    <message>
        <source>新增项目…</source>
        <translation>New project…</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>登记阶段…</source>
        <translation>Record stage…</translation>
    </message>
    <message>
        <source>登记投资…</source>
        <translation>Record investment…</translation>
    </message>
    <message>
        <source>关联问题…</source>
        <translation>Link problem…</translation>
    </message>
    <message>
        <source>把涉及企业的一个未销号问题记为本项目提出的问题</source>
        <translation>Record a problem of the companies involved that is not closed as raised by this project</translation>
    </message>
    <message>
        <source>地企合作</source>
        <translation>Projects</translation>
    </message>
    <message>
        <source>签约 {signed} 个，开工 {started} 个（开工率 {start}），投产 {producing} 个（投产率 {production}），达效 {effective} 个；计划投资 {planned} 万元，到位 {paid} 万元（资金到位率 {paid_rate}）</source>
        <translation>Signed {signed}, started {started} ({start}), in production {producing} ({production}), at full capacity {effective}; planned {planned} ×10k yuan, in place {paid} ×10k yuan ({paid_rate})</translation>
    </message>
    <message>
        <source>{total} 万元</source>
        <translation>{total} ×10k yuan</translation>
    </message>
    <message>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>合作方</source>
        <translation>Partner</translation>
    </message>
    <message>
        <source>合作类型</source>
        <translation>Type of cooperation</translation>
    </message>
    <message>
        <source>涉及企业</source>
        <translation>Companies involved</translation>
    </message>
    <message>
        <source>所属行业</source>
        <translation>Sector</translation>
    </message>
    <message>
        <source>计划总投资</source>
        <translation>Planned total investment</translation>
    </message>
    <message>
        <source>签约日期</source>
        <translation>Signing date</translation>
    </message>
    <message>
        <source>开工日期</source>
        <translation>Construction started</translation>
    </message>
    <message>
        <source>投产日期</source>
        <translation>Production started</translation>
    </message>
    <message>
        <source>达效日期</source>
        <translation>Full capacity reached</translation>
    </message>
    <message>
        <source>责任领导</source>
        <translation>Leader in charge</translation>
    </message>
    <message>
        <source>责任单位</source>
        <translation>Unit in charge</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>{year} 年计划 {planned}、到位 {paid}</source>
        <translation>{year}: planned {planned}, in place {paid}</translation>
    </message>
    <message>
        <source>逐年投资（万元）</source>
        <translation>Investment by year (10k yuan)</translation>
    </message>
    <message>
        <source>资金到位率</source>
        <translation>Paid-in rate</translation>
    </message>
    <message>
        <source>（{enterprise}，主办：{unit}）</source>
        <translation> ({enterprise}, lead unit: {unit})</translation>
    </message>
    <message>
        <source>取消关联</source>
        <translation>Unlink</translation>
    </message>
    <message>
        <source>项目问题</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>未保存：{reason}</source>
        <translation>Not saved: {reason}</translation>
    </message>
    <message>
        <source>已保存：{name}</source>
        <translation>Saved: {name}</translation>
    </message>
    <message>
        <source>已关联到项目：{name}</source>
        <translation>Linked to the project: {name}</translation>
    </message>
    <message>
        <source>已取消关联：{name}</source>
        <translation>Unlinked from the project: {name}</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>数据库文件已损坏</source>
        <translation>The database file is damaged</translation>
    </message>
    <message>
        <source>数据库文件已损坏，无法打开：{path}
原因：{reason}
程序没有改动这个文件。</source>
        <translation>The database file is damaged and cannot be opened: {path}
Reason: {reason}
The program has not changed this file.</translation>
    </message>
    <message>
        <source>企业 {enterprises} 家，走访 {visits} 次，问题 {problems} 个</source>
        <translation>{enterprises} companies, {visits} visits, {problems} problems</translation>
    </message>
    <message>
        <source>可以恢复最新的完好备份：
{time}（{kind}备份），其中有{counts}。
恢复前，损坏的文件会另存在它旁边，不会丢失。之后在备份时间以后录入的内容需要重新录入。</source>
        <translation>The newest good backup can be restored:
{time} ({kind} backup), holding {counts}.
The damaged file is first kept beside it, nothing is lost. What was entered after the backup’s time has to be entered again.</translation>
    </message>
    <message>
        <source>没有找到可用的备份。请联系管理员，或从其他电脑导入工作簿。</source>
        <translation>No usable backup was found. Please ask an administrator, or import workbooks from other computers.</translation>
    </message>
    <message>
        <source>恢复此备份</source>
        <translation>Restore this backup</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>未能恢复：{reason}</source>
        <translation>Not restored: {reason}</translation>
    </message>
</context>
<context>
    <name>RosterMappingDialog</name>
    <message>
        <source>设置企业名录的列对应</source>
        <extracomment>The sample rows shown under each column.</extracomment>
        <translation>The roster’s columns</translation>
    </message>
    <message>
        <source>文件“{name}”：请指定表头所在的行，并为每一列选择对应的字段（不需要的列选“不导入”）。必须有“企业名称”列。</source>
        <translation>File “{name}”: give the row of the header and choose each column’s field (choose “Not imported” for the others). A “Company name” column is required.</translation>
    </message>
    <message>
        <source>工作表</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>表头在第几行</source>
        <translation>Header row</translation>
    </message>
    <message>
        <source>原表中的列名</source>
        <translation>Column in the file</translation>
    </message>
    <message>
        <source>对应字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>第 {n} 行数据</source>
        <translation>Data row {n}</translation>
    </message>
    <message>
        <source>按此对应导入</source>
        <translation>Import with these columns</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>文件中没有工作表</source>
        <translation>The file has no sheets</translation>
    </message>
    <message>
        <source>（无列名，第 {n} 列）</source>
        <translation>(no name, column {n})</translation>
    </message>
    <message>
        <source>不导入</source>
        <translation>Not imported</translation>
    </message>
    <message>
        <source>请为“企业名称”选择一列</source>
        <translation>Please choose a column for “Company name”</translation>
    </message>
    <message>
        <source>“{fields}”对应了不止一列，请只保留一列</source>
        <translation>“{fields}” is chosen for more than one column; keep only one</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>表头下没有数据行：请检查表头所在的行</source>
        <translation>No data rows under the header: check the header row</translation>
    </message>
    <message>
        <source>表头在第 {rows} 行，其下有 {n} 行数据；导入时逐行检查，有问题的行会列出原因。</source>
        <translation>Header in row {rows}, {n} data rows under it; every row is checked on import and a row with a problem is listed with the reason.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>使用人（印在导出的工作簿和打印的报表上）</source>
        <translation>User (printed on exported workbooks and reports)</translation>
    </message>
    <message>
        <source>（不填）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>本机</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>本机安装编号</source>
        <translation>Installation number</translation>
    </message>
    <message>
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>打开数据文件夹</source>
        <translation>Open the data folder</translation>
    </message>
    <message>
        <source>数据文件夹</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>关于助企走访台账…</source>
        <translation>About Zhuqi Visit Ledger…</translation>
    </message>
    <message>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>打开备份文件夹</source>
        <translation>Open the backups folder</translation>
    </message>
    <message>
        <source>报表和界面</source>
        <translation>Reports and window</translation>
    </message>
    <message>
        <source>自动选择（优先使用本机已安装的公文字体）</source>
        <translation>Chosen automatically (the official document faces installed here first)</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>自动</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>报表字体</source>
        <translation>Report font</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>已保存：{who}</source>
        <translation>Saved: {who}</translation>
    </message>
    <message>
        <source>此数据库不是本机文件，由数据库服务器负责备份。</source>
        <translation>This database is not a file on this computer: its server takes care of backups.</translation>
    </message>
    <message>
        <source>还没有备份。程序每天首次启动时自动备份。</source>
        <translation>No backups yet. The program backs up at its first start each day.</translation>
    </message>
    <message>
        <source>共 {n} 份备份，最新：{name}（{time}）。程序每天首次启动时自动备份。</source>
        <translation>{n} backups, the newest: {name} ({time}). The program backs up at its first start each day.</translation>
    </message>
    <message>
        <source>正在备份……</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>选择报表字体</source>
        <translation>Choose the report font</translation>
    </message>
    <message>
        <source>TrueType 字体 (*.ttf *.ttc)</source>
        <translation>TrueType font (*.ttf *.ttc)</translation>
    </message>
    <message>
        <source>重新启动程序后生效</source>
        <translation>Takes effect when the program starts again</translation>
    </message>
</context>
<context>
    <name>Stage</name>
    <message>
        <source>交办</source>
        <extracomment>The stages a problem waits at (app.stages.Stage), named for what is awaited (&quot;Hand-over&quot;, where the timeline&apos;s step of the same Chinese word reads &quot;Handed over&quot;).</extracomment>
        <translation>Hand-over</translation>
    </message>
    <message>
        <source>首次反馈</source>
        <translation>First feedback</translation>
    </message>
    <message>
        <source>协办反馈</source>
        <translation>Assisting reply</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Solving</translation>
    </message>
    <message>
        <source>月度报告</source>
        <translation>Monthly report</translation>
    </message>
    <message>
        <source>回访</source>
        <translation>Follow-up</translation>
    </message>
</context>
<context>
    <name>StageDialog</name>
    <message>
        <source>登记项目阶段：{name}</source>
        <translation>Record stage: {name}</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>阶段</source>
        <translation>Stage</translation>
    </message>
</context>
<context>
    <name>Stats</name>
    <message>
        <source>（未经走访宣讲）</source>
        <extracomment>政策宣传与兑现 under the same query. translate(&quot;Stats&quot;, &quot;…&quot;): the context spelled out, so pyside6-lupdate files each string under it.</extracomment>
        <translation>(not explained at a visit)</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <source>宣讲次数</source>
        <translation>Explained</translation>
    </message>
    <message>
        <source>覆盖企业</source>
        <translation>Companies reached</translation>
    </message>
    <message>
        <source>申报</source>
        <translation>Applied</translation>
    </message>
    <message>
        <source>兑现</source>
        <translation>Granted</translation>
    </message>
    <message>
        <source>兑现金额（元）</source>
        <translation>Granted (yuan)</translation>
    </message>
    <message>
        <source>（未填单位）</source>
        <translation>(no unit)</translation>
    </message>
    <message>
        <source>责任单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>签约</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>开工</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>开工率</source>
        <translation>Start %</translation>
    </message>
    <message>
        <source>投产</source>
        <translation>Producing</translation>
    </message>
    <message>
        <source>投产率</source>
        <translation>Prod. %</translation>
    </message>
    <message>
        <source>达效</source>
        <translation>Full cap.</translation>
    </message>
    <message>
        <source>计划投资</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>到位资金</source>
        <translation>In place</translation>
    </message>
    <message>
        <source>资金到位率</source>
        <translation>Paid-in %</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <source>统计期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>覆盖率按哪个名单计算</source>
        <translation>The list coverage is counted on</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>打印统计通报…</source>
        <translation>Print the report…</translation>
    </message>
    <message>
        <source>单位排名</source>
        <translation>Ranking</translation>
    </message>
    <message>
        <source>按主办单位</source>
        <translation>By lead unit</translation>
    </message>
    <message>
        <source>主办单位</source>
        <translation>Lead unit</translation>
    </message>
    <message>
        <source>按来源</source>
        <translation>By origin</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>按乡镇/街道</source>
        <translation>By township</translation>
    </message>
    <message>
        <source>乡镇/街道</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>按问题类别</source>
        <translation>By category</translation>
    </message>
    <message>
        <source>问题类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>按包联领导</source>
        <translation>By leader in charge</translation>
    </message>
    <message>
        <source>包联领导</source>
        <translation>Leader in charge</translation>
    </message>
    <message>
        <source>按包联干部</source>
        <translation>By assigned cadre</translation>
    </message>
    <message>
        <source>包联干部</source>
        <translation>Assigned cadre</translation>
    </message>
    <message>
        <source>政策宣传兑现</source>
        <translation>Policies</translation>
    </message>
    <message>
        <source>地企合作</source>
        <translation>Projects</translation>
    </message>
    <message>
        <source>按政策</source>
        <translation>By policy</translation>
    </message>
    <message>
        <source>政策名称</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>按宣讲单位</source>
        <translation>By explaining unit</translation>
    </message>
    <message>
        <source>宣讲干部所在单位</source>
        <translation>Unit of the explaining cadre</translation>
    </message>
    <message>
        <source>{stage} {n}</source>
        <translation>{stage} {n}</translation>
    </message>
    <message>
        <source>期内签约项目 {signed} 个，截至期末开工 {started} 个（开工率 {start}），投产 {producing} 个（投产率 {production}），达效 {effective} 个；计划投资 {planned} 万元，到位 {paid} 万元（资金到位率 {paid_rate}）。现有项目各阶段：{stages}。按项目责任单位统计（不受乡镇、单位、类别筛选影响），金额单位：万元。</source>
        <translation>Signed in the period: {signed} projects; by its end {started} started ({start}), {producing} in production ({production}), {effective} at full capacity; planned {planned}, in place {paid} ({paid_rate} paid in). Projects by stage now: {stages}. Counted by the project&apos;s unit in charge (the township, unit and category filters do not apply); amounts in ×10k yuan.</translation>
    </message>
    <message>
        <source>期内走访宣讲政策 {policies} 项、{explained} 次，覆盖企业 {reached} 家；企业申报 {applied} 件，兑现 {granted} 件、{amount} 元。申报、兑现计入向该企业宣讲过该政策的干部所在单位。</source>
        <translation>In the period, visits explained {policies} policies {explained} times, reaching {reached} companies; companies applied {applied} times and were granted {granted} times, {amount} yuan. An application or grant counts for the units whose cadres explained that policy to the company.</translation>
    </message>
    <message>
        <source>正在统计……</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>全部乡镇</source>
        <translation>All townships</translation>
    </message>
    <message>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>全部包联领导</source>
        <translation>All leaders in charge</translation>
    </message>
    <message>
        <source>包联领导：{name}</source>
        <translation>Leader in charge: {name}</translation>
    </message>
    <message>
        <source>覆盖率名单：{name}</source>
        <translation>Coverage of: {name}</translation>
    </message>
    <message>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{stage} {days}</source>
        <translation>{stage} {days}</translation>
    </message>
    <message>
        <source>期内在办问题 {raised} 个（新收集 {received} 个）：问题化解率 {resolve}，办结率 {solve}，按期办结率 {on_time}（经批准延期 {extended} 个另计），销号率 {close}，回访率 {revisit}，企业满意率 {satisfaction}。各环节平均工作日：{stages}。今天逾期 {overdue} 个，期内督办 {supervisions} 次。{list} {listed} 家，已走访 {covered} 家，覆盖率 {coverage}；走访 {visits} 次。</source>
        <translation>Problems open in the period: {raised} ({received} newly raised). Resolved {resolve}, solved {solve}, solved on time {on_time} ({extended} approved extensions counted apart), closed {close}, followed up {revisit}, companies satisfied {satisfaction}. Average working days per stage: {stages}. Overdue today: {overdue}; supervisions in the period: {supervisions}. {list}: {listed}, {covered} visited, coverage {coverage}; {visits} visits.</translation>
    </message>
    <message>
        <source>各主办单位综合得分（排名前 12 位）</source>
        <translation>Composite score of lead units (top 12)</translation>
    </message>
    <message>
        <source>各类问题数量</source>
        <translation>Problems by category</translation>
    </message>
</context>
<context>
    <name>TextLimit</name>
    <message>
        <source>最多 {limit} 字，超出的 {cut} 字没有输入</source>
        <extracomment>The note appears once this share of the limit is used. Characters held back by the last typing or paste.</extracomment>
        <translation>At most {limit} characters: the {cut} beyond were not entered</translation>
    </message>
    <message>
        <source>已有 {n} 字，超过填写上限 {limit} 字：可以删减，不能再增加</source>
        <translation>{n} characters, over the limit of {limit}: it can be shortened, not lengthened</translation>
    </message>
    <message>
        <source>{n} / {limit} 字</source>
        <translation>{n} / {limit} characters</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>基本情况</source>
        <extracomment>Cadres ticked in a restored draft, ticked again once the enterprise&apos;s cadres are listed. Library policies to tick once the company&apos;s suggestions arrive (a draft&apos;s, a recorded visit&apos;s). The recorded visit being changed; None while a new visit is typed.</extracomment>
        <translation>The visit</translation>
    </message>
    <message>
        <source>走访企业</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>走访方式</source>
        <translation>Way</translation>
    </message>
    <message>
        <source>走访日期</source>
        <translation>Visit date</translation>
    </message>
    <message>
        <source>走访干部</source>
        <translation>Cadres</translation>
    </message>
    <message>
        <source>姓名、职务，如：王建国（总经理）</source>
        <translation>Names and posts, e.g. Wang Jianguo (general manager)</translation>
    </message>
    <message>
        <source>企业接待人员</source>
        <translation>People met</translation>
    </message>
    <message>
        <source>生产经营情况</source>
        <translation>Production and operation</translation>
    </message>
    <message>
        <source>（未了解）</source>
        <translation>(not known)</translation>
    </message>
    <message>
        <source>从业人数</source>
        <translation>Employees</translation>
    </message>
    <message>
        <source>订单</source>
        <translation>Orders</translation>
    </message>
    <message>
        <source>营收</source>
        <translation>Revenue</translation>
    </message>
    <message>
        <source>生产状况</source>
        <translation>Production</translation>
    </message>
    <message>
        <source>经营情况说明</source>
        <translation>Notes on operation</translation>
    </message>
    <message>
        <source>交流与政策宣传</source>
        <translation>Discussion and policies</translation>
    </message>
    <message>
        <source>交流内容</source>
        <translation>What was discussed</translation>
    </message>
    <message>
        <source>宣传政策</source>
        <translation>Policies explained</translation>
    </message>
    <message>
        <source>政策库中今天有效、本企业可享受的政策（按行业门类、企业规模和企业标签），勾选本次走访宣讲过的</source>
        <translation>Policies of the library in force today that this company may claim (by industry section, size and tags): tick those explained at this visit</translation>
    </message>
    <message>
        <source>适合本企业的政策</source>
        <translation>Policies for this company</translation>
    </message>
    <message>
        <source>企业反映的问题</source>
        <translation>Problems the company raised</translation>
    </message>
    <message>
        <source>添加问题</source>
        <translation>Add a problem</translation>
    </message>
    <message>
        <source>本次走访未记录问题。企业反映问题时点“添加问题”。</source>
        <translation>No problems recorded for this visit. When the company raises one, click “Add a problem”.</translation>
    </message>
    <message>
        <source>下一步工作打算</source>
        <translation>Follow-up plan</translation>
    </message>
    <message>
        <source>放弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>保存走访记录（Ctrl+S）</source>
        <translation>Save the visit (Ctrl+S)</translation>
    </message>
    <message>
        <source>{title}（{number}）</source>
        <translation>{title} ({number})</translation>
    </message>
    <message>
        <source>{name}（{unit}）</source>
        <translation>{name} ({unit})</translation>
    </message>
    <message>
        <source>（未选企业）</source>
        <translation>(no company chosen)</translation>
    </message>
    <message>
        <source>{n}. 【{category}】{description}（{status}）</source>
        <translation>{n}. [{category}] {description} ({status})</translation>
    </message>
    <message>
        <source>已记录的问题（在问题台账中办理）：
{problems}</source>
        <translation>Problems recorded (handled in the ledger):
{problems}</translation>
    </message>
    <message>
        <source>正在修改走访记录：{title}</source>
        <translation>Changing the visit record: {title}</translation>
    </message>
    <message>
        <source>保存修改（Ctrl+S）</source>
        <translation>Save the changes (Ctrl+S)</translation>
    </message>
    <message>
        <source>取消修改</source>
        <translation>Cancel the changes</translation>
    </message>
    <message>
        <source>修改：{title}</source>
        <translation>Change: {title}</translation>
    </message>
    <message>
        <source>草稿已自动保存 {time}</source>
        <translation>Draft saved automatically at {time}</translation>
    </message>
    <message>
        <source>请先选择走访的企业（在“走访企业”中输入名称并从列表中选择）</source>
        <translation>Choose the company visited first (type its name in “Company” and pick it from the list)</translation>
    </message>
    <message>
        <source>已保存修改：{enterprise} {date}，问题 {n} 个</source>
        <translation>Changes saved: {enterprise} {date}, {n} problems</translation>
    </message>
    <message>
        <source>已保存：{enterprise} {date}，问题 {n} 个</source>
        <translation>Saved: {enterprise} {date}, {n} problems</translation>
    </message>
    <message>
        <source>未保存：{reason}</source>
        <translation>Not saved: {reason}</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <source>填写走访记录</source>
        <translation>Record a visit</translation>
    </message>
    <message>
        <source>所选走访记录的修改历史</source>
        <translation>History of the selected visit</translation>
    </message>
    <message>
        <source>打印走访记录…</source>
        <translation>Print the visit record…</translation>
    </message>
    <message>
        <source>打印回访评价表…</source>
        <translation>Print evaluation form…</translation>
    </message>
    <message>
        <source>该次走访中已办结、待企业评价的全部问题，一张表供企业签字</source>
        <translation>Every problem of this visit that is solved and awaits the company&apos;s evaluation, on one form for the company to sign</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>走访记录</source>
        <translation>Visit records</translation>
    </message>
    <message>
        <source>走访</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>最近 {n} 次走访</source>
        <translation>The last {n} visits</translation>
    </message>
    <message>
        <source>请先在列表中选择要修改的走访记录</source>
        <translation>Select the visit to change in the list first</translation>
    </message>
    <message>
        <source>放弃走访记录</source>
        <translation>Discard the visit</translation>
    </message>
    <message>
        <source>放弃正在填写的走访记录？已填写的内容和草稿将被删除。</source>
        <translation>Discard the visit being typed? What was typed and its draft will be deleted.</translation>
    </message>
    <message>
        <source>放弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>走访记录尚未保存</source>
        <translation>The visit is not saved</translation>
    </message>
    <message>
        <source>正在填写的走访记录（{title}）尚未保存。</source>
        <translation>The visit being typed ({title}) is not saved.</translation>
    </message>
    <message>
        <source>保存：保存后继续；放弃：删除已填写的内容；取消：回到表单。</source>
        <translation>Save: save it and go on; Discard: delete what was typed; Cancel: back to the form.</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>· {title}（{time}）</source>
        <translation>· {title} ({time})</translation>
    </message>
    <message>
        <source>恢复草稿</source>
        <translation>Restore drafts</translation>
    </message>
    <message>
        <source>上次关闭前有未保存的走访记录：
{titles}

是否恢复？</source>
        <translation>Visits were left unsaved when the program last closed:
{titles}

Restore them?</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>以后再说</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>草稿所修改的走访记录已不存在，已作为新的走访记录恢复：{title}</source>
        <translation>The visit this draft changed no longer exists; the draft was restored as a new visit: {title}</translation>
    </message>
    <message>
        <source>已恢复草稿：{title}</source>
        <translation>Draft restored: {title}</translation>
    </message>
    <message>
        <source>已恢复未保存的修改：{title}</source>
        <translation>Unsaved changes restored: {title}</translation>
    </message>
    <message>
        <source>请先在列表中选择要打印的走访记录</source>
        <translation>Select the visit to print in the list first</translation>
    </message>
    <message>
        <source>请先在列表中选择一次走访</source>
        <translation>Select a visit in the list first</translation>
    </message>
</context>
</TS>
