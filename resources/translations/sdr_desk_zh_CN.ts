<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>BuyerMapView</name>
        <message>
            <source>Buyer-role map</source>
            <translation>购买角色图</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Stance</source>
            <translation>立场</translation>
        </message>
        <message>
            <source>Influence</source>
            <translation>影响力</translation>
        </message>
        <message>
            <source>Reports to</source>
            <translation>汇报给</translation>
        </message>
        <message>
            <source>Nobody on the map</source>
            <translation>图上还没有人</translation>
        </message>
        <message>
            <source>Add contact…</source>
            <translation>添加联系人…</translation>
        </message>
        <message>
            <source>Refused: that contact belongs to another account.</source>
            <translation>已拒绝：该联系人属于另一个客户。</translation>
        </message>
        <message>
            <source>Refused: that contact is not on this map.</source>
            <translation>已拒绝：该联系人不在此图上。</translation>
        </message>
        <message>
            <source>Refused: that contact is already on the map.</source>
            <translation>已拒绝：该联系人已在图上。</translation>
        </message>
        <message>
            <source>Refused: influence goes from 1 to 5.</source>
            <translation>已拒绝：影响力只能是 1 到 5。</translation>
        </message>
        <message>
            <source>Refused: a contact cannot report to themselves.</source>
            <translation>已拒绝：联系人不能汇报给自己。</translation>
        </message>
        <message>
            <source>Refused: that reporting line would make a loop.</source>
            <translation>已拒绝：这条汇报线会形成循环。</translation>
        </message>
        <message>
            <source>No decider identified</source>
            <translation>尚未找到决策者</translation>
        </message>
        <message>
            <source>Only the gatekeeper has been reached</source>
            <translation>只接触到了把关人</translation>
        </message>
        <message>
            <source>Committee smaller than expected: %1 of at least %2 people identified</source>
            <translation>采购委员会人数偏少：已识别 %1 人，至少应有 %2 人</translation>
        </message>
        <message>
            <source>influence %1</source>
            <translation>影响力 %1</translation>
        </message>
        <message>
            <source>fit %1%</source>
            <translation>匹配度 %1%</translation>
        </message>
        <message>
            <source>Suggested entry point: %1 (%2)</source>
            <translation>建议切入点：%1（%2）</translation>
        </message>
        <message>
            <source>Choose who %1 reports to, then press Enter (Esc cancels)</source>
            <translation>选择 %1 的上级，然后按 Enter（Esc 取消）</translation>
        </message>
        <message>
            <source>No gaps found</source>
            <translation>没有发现缺口</translation>
        </message>
        <message>
            <source>%1 reports to %2</source>
            <translation>%1 汇报给 %2</translation>
        </message>
    </context>
    <context>
        <name>BuyerRole</name>
        <message>
            <source>Initiator</source>
            <translation>发起者</translation>
        </message>
        <message>
            <source>Decider</source>
            <translation>决策者</translation>
        </message>
        <message>
            <source>Buyer</source>
            <translation>采购者</translation>
        </message>
        <message>
            <source>Influencer</source>
            <translation>影响者</translation>
        </message>
        <message>
            <source>User</source>
            <translation>使用者</translation>
        </message>
        <message>
            <source>Gatekeeper</source>
            <translation>把关人</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>未知</translation>
        </message>
    </context>
    <context>
        <name>Channel</name>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>邮件</translation>
        </message>
        <message>
            <source>WeChat</source>
            <translation>微信</translation>
        </message>
        <message>
            <source>SMS</source>
            <translation>短信</translation>
        </message>
        <message>
            <source>Meeting</source>
            <translation>会议</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>活动</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
    </context>
    <context>
        <name>Desktop</name>
        <message>
            <source>Unexpected error: %1</source>
            <translation>意外错误：%1</translation>
        </message>
        <message>
            <source>SDR Desk cannot start</source>
            <translation>SDR Desk 无法启动</translation>
        </message>
        <message>
            <source>SDR Desk cannot open your profile.</source>
            <translation>SDR Desk 无法打开您的配置文件夹。</translation>
        </message>
    </context>
    <context>
        <name>Direction</name>
        <message>
            <source>Inbound</source>
            <translation>集客</translation>
        </message>
        <message>
            <source>Outbound</source>
            <translation>外拓</translation>
        </message>
    </context>
    <context>
        <name>Duration</name>
        <message>
            <source>%1 min</source>
            <translation>%1 分钟</translation>
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation>%1 小时 %2 分</translation>
        </message>
        <message>
            <source>%1 d %2 h</source>
            <translation>%1 天 %2 小时</translation>
        </message>
    </context>
    <context>
        <name>Engagement</name>
        <message>
            <source>Page views</source>
            <translation>页面浏览</translation>
        </message>
        <message>
            <source>Pricing page views</source>
            <translation>价格页浏览</translation>
        </message>
        <message>
            <source>Demo requests</source>
            <translation>演示申请</translation>
        </message>
        <message>
            <source>Contact-sales requests</source>
            <translation>联系销售请求</translation>
        </message>
        <message>
            <source>Downloads</source>
            <translation>下载</translation>
        </message>
        <message>
            <source>Webinars</source>
            <translation>网络研讨会</translation>
        </message>
        <message>
            <source>Subscriptions</source>
            <translation>订阅</translation>
        </message>
        <message>
            <source>Email opens</source>
            <translation>邮件打开</translation>
        </message>
        <message>
            <source>Email clicks</source>
            <translation>邮件点击</translation>
        </message>
        <message>
            <source>WeChat follows</source>
            <translation>微信关注</translation>
        </message>
        <message>
            <source>WeChat reads</source>
            <translation>微信阅读</translation>
        </message>
        <message>
            <source>Form submissions</source>
            <translation>表单提交</translation>
        </message>
    </context>
    <context>
        <name>LeadDetailPane</name>
        <message>
            <source>No lead selected</source>
            <translation>未选择线索</translation>
        </message>
        <message>
            <source>Pick a lead in the queue: its contact data, account and history show here.</source>
            <translation>在队列中选择一条线索：这里会显示其联系方式、所属客户和往来记录。</translation>
        </message>
        <message>
            <source>Phones</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Emails</source>
            <translation>邮箱</translation>
        </message>
        <message>
            <source>Their time</source>
            <translation>对方时间</translation>
        </message>
        <message>
            <source>Seniority</source>
            <translation>职级</translation>
        </message>
        <message>
            <source>Buyer role</source>
            <translation>购买角色</translation>
        </message>
        <message>
            <source>Stage</source>
            <translation>阶段</translation>
        </message>
        <message>
            <source>Came in</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>First touch</source>
            <translation>首次触达</translation>
        </message>
        <message>
            <source>SLA due</source>
            <translation>SLA 截止</translation>
        </message>
        <message>
            <source>Next touch</source>
            <translation>下次触达</translation>
        </message>
        <message>
            <source>Do not call</source>
            <translation>请勿致电</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>标签</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>%1 employees</source>
            <translation>%1 名员工</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Company</source>
            <translation>公司</translation>
        </message>
        <message>
            <source>Website</source>
            <translation>网站</translation>
        </message>
        <message>
            <source>Industry</source>
            <translation>行业</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>规模</translation>
        </message>
        <message>
            <source>Country</source>
            <translation>国家/地区</translation>
        </message>
        <message>
            <source>Tier / grade</source>
            <translation>层级 / 等级</translation>
        </message>
        <message>
            <source>Customer</source>
            <translation>客户状态</translation>
        </message>
        <message>
            <source>Existing customer</source>
            <translation>现有客户</translation>
        </message>
        <message>
            <source>Recent activities</source>
            <translation>最近活动</translation>
        </message>
        <message>
            <source>When</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>渠道</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>步骤</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>No touches logged yet.</source>
            <translation>尚无触达记录。</translation>
        </message>
        <message>
            <source>Engagement</source>
            <translation>互动</translation>
        </message>
        <message>
            <source>Last engaged</source>
            <translation>最近互动</translation>
        </message>
        <message>
            <source>No engagement recorded.</source>
            <translation>尚无互动记录。</translation>
        </message>
    </context>
    <context>
        <name>LeadSource</name>
        <message>
            <source>Web form</source>
            <translation>网站表单</translation>
        </message>
        <message>
            <source>White paper</source>
            <translation>白皮书</translation>
        </message>
        <message>
            <source>Webinar</source>
            <translation>网络研讨会</translation>
        </message>
        <message>
            <source>Trade show</source>
            <translation>展会</translation>
        </message>
        <message>
            <source>Referral</source>
            <translation>推荐</translation>
        </message>
        <message>
            <source>Outbound list</source>
            <translation>外拓名单</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Practice book: not synced</source>
            <translation>练习数据：不同步</translation>
        </message>
        <message>
            <source>Demo data to practise on. It is never sent to a server; signing in starts a fresh book.</source>
            <translation>用于练习的演示数据，永远不会发送到服务器；登录时将开始一份新的线索库。</translation>
        </message>
        <message>
            <source>%1 — practice book</source>
            <translation>%1 — 练习数据</translation>
        </message>
        <message>
            <source>ranking…</source>
            <translation>正在排序…</translation>
        </message>
        <message numerus="yes">
            <source>%n lead(s)</source>
            <translation>
                <numerusform>%n 条线索</numerusform>
            </translation>
        </message>
        <message>
            <source>Follow the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>About SDR Desk</source>
            <translation>关于 SDR Desk</translation>
        </message>
        <message>
            <source>&lt;h3&gt;SDR Desk %1&lt;/h3&gt;&lt;p&gt;The workstation for Sales Development Reps: a prioritized call queue, research, qualification and offline-first sync.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;SDR Desk %1&lt;/h3&gt;&lt;p&gt;销售开发代表（SDR）工作台：按优先级排序的呼叫队列、客户研究、线索资格认定，以及离线优先的同步。&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Could not read the local cache: %1</source>
            <translation>无法读取本地缓存：%1</translation>
        </message>
        <message>
            <source>SDR Desk</source>
            <translation>SDR Desk</translation>
        </message>
        <message>
            <source>Call queue</source>
            <translation>呼叫队列</translation>
        </message>
        <message>
            <source>Search name, company, phone or email (Ctrl+F)</source>
            <translation>搜索姓名、公司、电话或邮箱（Ctrl+F）</translation>
        </message>
        <message>
            <source>Lead</source>
            <translation>线索</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Search the queue</source>
            <translation>搜索队列(&amp;S)</translation>
        </message>
        <message>
            <source>Go to the &amp;queue</source>
            <translation>转到队列(&amp;Q)</translation>
        </message>
        <message>
            <source>Go to the lead &amp;details</source>
            <translation>转到线索详情(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;About SDR Desk</source>
            <translation>关于 SDR Desk(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Direction:</source>
            <translation>方向(&amp;D)：</translation>
        </message>
        <message>
            <source>S&amp;tage:</source>
            <translation>阶段(&amp;T)：</translation>
        </message>
        <message>
            <source>T&amp;ier:</source>
            <translation>层级(&amp;I)：</translation>
        </message>
        <message>
            <source>&amp;Grade:</source>
            <translation>等级(&amp;G)：</translation>
        </message>
        <message>
            <source>S&amp;ource:</source>
            <translation>来源(&amp;O)：</translation>
        </message>
        <message>
            <source>&amp;Callable now</source>
            <translation>现在可拨打(&amp;C)</translation>
        </message>
        <message>
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <source>Tier %1</source>
            <translation>层级 %1</translation>
        </message>
        <message>
            <source>Grade %1</source>
            <translation>等级 %1</translation>
        </message>
        <message>
            <source>Show inbound leads, outbound leads or both</source>
            <translation>显示呼入线索、呼出线索或两者</translation>
        </message>
        <message>
            <source>Show only leads in this stage</source>
            <translation>只显示处于此阶段的线索</translation>
        </message>
        <message>
            <source>Show only leads at accounts of this research tier</source>
            <translation>只显示此调研层级客户的线索</translation>
        </message>
        <message>
            <source>Show only leads at accounts of this grade</source>
            <translation>只显示此等级客户的线索</translation>
        </message>
        <message>
            <source>Show only leads from this source</source>
            <translation>只显示来自此来源的线索</translation>
        </message>
        <message>
            <source>Hide leads outside their calling hours right now</source>
            <translation>隐藏当前不在可拨打时段内的线索</translation>
        </message>
    </context>
    <context>
        <name>Outcome</name>
        <message>
            <source>No answer</source>
            <translation>无人接听</translation>
        </message>
        <message>
            <source>Voicemail</source>
            <translation>语音信箱</translation>
        </message>
        <message>
            <source>Busy</source>
            <translation>占线</translation>
        </message>
        <message>
            <source>Wrong number</source>
            <translation>号码错误</translation>
        </message>
        <message>
            <source>Gatekeeper</source>
            <translation>被把关人拦截</translation>
        </message>
        <message>
            <source>Connected</source>
            <translation>已接通</translation>
        </message>
        <message>
            <source>Conversation</source>
            <translation>有效沟通</translation>
        </message>
        <message>
            <source>Meeting booked</source>
            <translation>已约会议</translation>
        </message>
        <message>
            <source>Not interested</source>
            <translation>不感兴趣</translation>
        </message>
        <message>
            <source>Call back later</source>
            <translation>稍后回电</translation>
        </message>
        <message>
            <source>Bad data</source>
            <translation>数据有误</translation>
        </message>
        <message>
            <source>Sent</source>
            <translation>已发送</translation>
        </message>
        <message>
            <source>Opened</source>
            <translation>已打开</translation>
        </message>
        <message>
            <source>Clicked</source>
            <translation>已点击</translation>
        </message>
        <message>
            <source>Replied</source>
            <translation>已回复</translation>
        </message>
        <message>
            <source>Downloaded</source>
            <translation>已下载</translation>
        </message>
        <message>
            <source>Bounced</source>
            <translation>退信</translation>
        </message>
        <message>
            <source>Held</source>
            <translation>已举行</translation>
        </message>
        <message>
            <source>Attended</source>
            <translation>已参加</translation>
        </message>
        <message>
            <source>Noted</source>
            <translation>已记录</translation>
        </message>
    </context>
    <context>
        <name>QueueModel</name>
        <message>
            <source>Priority</source>
            <translation>优先级</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>职位</translation>
        </message>
        <message>
            <source>Company</source>
            <translation>公司</translation>
        </message>
        <message>
            <source>Their time</source>
            <translation>对方时间</translation>
        </message>
        <message>
            <source>Stage</source>
            <translation>阶段</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>评分</translation>
        </message>
        <message>
            <source>SLA</source>
            <translation>SLA</translation>
        </message>
        <message>
            <source>Place in the queue: the sum of the reasons shown in the tooltip</source>
            <translation>队列位置：提示中列出的各项原因之和</translation>
        </message>
        <message>
            <source>The prospect's local time, from their time zone</source>
            <translation>潜在客户的当地时间（按其时区）</translation>
        </message>
        <message>
            <source>Lead score: fit plus engagement minus spam</source>
            <translation>线索评分：匹配度加互动度减垃圾信息</translation>
        </message>
        <message>
            <source>Time left to the first touch on a new inbound lead</source>
            <translation>新集客线索距首次触达截止的剩余时间</translation>
        </message>
        <message>
            <source>Not callable right now</source>
            <translation>当前不宜致电</translation>
        </message>
        <message>
            <source>Learner pattern: consumes content, no buying signal yet</source>
            <translation>学习者模式：大量浏览内容，尚无购买信号</translation>
        </message>
        <message>
            <source>First touch due %1</source>
            <translation>首次触达截止 %1</translation>
        </message>
        <message>
            <source>Time zone unknown</source>
            <translation>时区未知</translation>
        </message>
    </context>
    <context>
        <name>Seniority</name>
        <message>
            <source>C-level</source>
            <translation>C 级高管</translation>
        </message>
        <message>
            <source>VP</source>
            <translation>副总裁</translation>
        </message>
        <message>
            <source>Director</source>
            <translation>总监</translation>
        </message>
        <message>
            <source>Manager</source>
            <translation>经理</translation>
        </message>
        <message>
            <source>Individual contributor</source>
            <translation>专员</translation>
        </message>
        <message>
            <source>Student</source>
            <translation>学生</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>未知</translation>
        </message>
    </context>
    <context>
        <name>Sla</name>
        <message>
            <source>overdue %1</source>
            <translation>已超时 %1</translation>
        </message>
        <message>
            <source>in %1</source>
            <translation>剩余 %1</translation>
        </message>
    </context>
    <context>
        <name>Stage</name>
        <message>
            <source>New</source>
            <translation>新线索</translation>
        </message>
        <message>
            <source>Working</source>
            <translation>跟进中</translation>
        </message>
        <message>
            <source>MQL</source>
            <translation>MQL</translation>
        </message>
        <message>
            <source>SQL</source>
            <translation>SQL</translation>
        </message>
        <message>
            <source>Opportunity</source>
            <translation>商机</translation>
        </message>
        <message>
            <source>Nurture</source>
            <translation>培育中</translation>
        </message>
        <message>
            <source>Disqualified</source>
            <translation>不合格</translation>
        </message>
    </context>
    <context>
        <name>Step</name>
        <message>
            <source>Reach</source>
            <translation>触达</translation>
        </message>
        <message>
            <source>Connect</source>
            <translation>连接</translation>
        </message>
        <message>
            <source>Conversation</source>
            <translation>对话</translation>
        </message>
    </context>
    <context>
        <name>SyncStatus</name>
        <message>
            <source>Online</source>
            <translation>在线</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>离线</translation>
        </message>
        <message>
            <source>Pending changes: …</source>
            <translation>待同步更改：…</translation>
        </message>
        <message>
            <source>Pending changes: %1</source>
            <translation>待同步更改：%1</translation>
        </message>
        <message>
            <source>%1 need attention</source>
            <translation>%1 项需处理</translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未</translation>
        </message>
        <message>
            <source>Last sync: %1</source>
            <translation>上次同步：%1</translation>
        </message>
    </context>
    <context>
        <name>WhyHereModel</name>
        <message>
            <source>Component</source>
            <translation>组成项</translation>
        </message>
        <message>
            <source>Points</source>
            <translation>分值</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>First-touch SLA</source>
            <translation>首次触达 SLA</translation>
        </message>
        <message>
            <source>Lead score</source>
            <translation>线索评分</translation>
        </message>
        <message>
            <source>Learner pattern</source>
            <translation>学习者模式</translation>
        </message>
        <message>
            <source>Account grade</source>
            <translation>客户等级</translation>
        </message>
        <message>
            <source>Account tier</source>
            <translation>客户层级</translation>
        </message>
        <message>
            <source>Touch due</source>
            <translation>触达到期</translation>
        </message>
        <message>
            <source>Nurture due</source>
            <translation>培育到期</translation>
        </message>
        <message>
            <source>Calling hours</source>
            <translation>可拨打时段</translation>
        </message>
        <message>
            <source>Recent attempt</source>
            <translation>最近一次尝试</translation>
        </message>
        <message>
            <source>Recent touch</source>
            <translation>刚联系过</translation>
        </message>
        <message>
            <source>Attempts</source>
            <translation>尝试次数</translation>
        </message>
        <message>
            <source>SLA overdue by %1: untouched inbound lead</source>
            <translation>SLA 已超时 %1：呼入线索尚未触达</translation>
        </message>
        <message>
            <source>SLA due in %1: call now</source>
            <translation>SLA 将在 %1后到期：请立即拨打</translation>
        </message>
        <message>
            <source>New inbound lead: SLA due in %1</source>
            <translation>新呼入线索：SLA 将在 %1后到期</translation>
        </message>
        <message>
            <source>Score %1 (fit + engagement - spam)</source>
            <translation>评分 %1（匹配度 + 互动 - 垃圾）</translation>
        </message>
        <message>
            <source>Learner: consumes content but shows no buying signal</source>
            <translation>学习者：浏览内容但没有购买信号</translation>
        </message>
        <message>
            <source>Grade %1</source>
            <translation>等级 %1</translation>
        </message>
        <message>
            <source>Tier %1 account</source>
            <translation>%1 层级客户</translation>
        </message>
        <message>
            <source>Promised call-back due (%1 ago)</source>
            <translation>约定的回电已到期（%1前）</translation>
        </message>
        <message>
            <source>Scheduled touch due (%1 ago)</source>
            <translation>计划的触达已到期（%1前）</translation>
        </message>
        <message>
            <source>Nurture touch due (%1 ago)</source>
            <translation>培育触达已到期（%1前）</translation>
        </message>
        <message>
            <source>Nurture touch due (%1 ago); otherwise %2</source>
            <translation>培育触达已到期（%1前）；线索阶段为%2</translation>
        </message>
        <message>
            <source>Outside calling hours</source>
            <translation>不在可拨打时段</translation>
        </message>
        <message>
            <source>Outside calling hours: callable %1 their time</source>
            <translation>不在可拨打时段：对方时间 %1 可拨打</translation>
        </message>
        <message>
            <source>Outside calling hours: callable %1 their time (%2)</source>
            <translation>不在可拨打时段：对方时间 %1 可拨打（%2）</translation>
        </message>
        <message>
            <source>Tried %1 ago (%2): give it time</source>
            <translation>%1前尝试过（%2）：稍后再试</translation>
        </message>
        <message>
            <source>Touched %1 ago: give it time</source>
            <translation>%1前刚联系过：稍后再跟进</translation>
        </message>
        <message>
            <source>Attempts so far: %1</source>
            <translation>已尝试次数：%1</translation>
        </message>
    </context>
    <context>
        <name>WhyHerePanel</name>
        <message>
            <source>Why here?</source>
            <translation>为何在此？</translation>
        </message>
        <message>
            <source>Select a lead to see why it is where it is in the queue.</source>
            <translation>选择一条线索，查看它为何排在队列中的这个位置。</translation>
        </message>
        <message>
            <source>Priority %1: the sum of the components below.</source>
            <translation>优先级 %1：下列各组成项之和。</translation>
        </message>
        <message>
            <source>Not callable now: outside the prospect's calling hours.</source>
            <translation>现在不可拨打：不在对方的可拨打时段内。</translation>
        </message>
        <message>
            <source>Callable now.</source>
            <translation>现在可拨打。</translation>
        </message>
        <message>
            <source>Not in the queue now: handed off, disqualified, not yours, or waiting for its next nurture touch.</source>
            <translation>当前不在队列中：已移交、已取消资格、不属于你，或在等待下一次培育触达。</translation>
        </message>
        <message>
            <source>No component adds or removes points.</source>
            <translation>没有任何组成项加分或减分。</translation>
        </message>
        <message>
            <source>Could not explain this lead's place: %1</source>
            <translation>无法说明此线索的位置：%1</translation>
        </message>
    </context>
<context>
        <name>NurturePanel</name>
        <message>
            <source>Nurture</source>
            <translation>培育</translation>
        </message>
        <message>
            <source>Your next touch: %1 on %2.</source>
            <translation>你的下一次触达：%2，%1。</translation>
        </message>
        <message>
            <source>The rest are automated sends: nothing for you to do.</source>
            <translation>其余均为自动发送，无需你处理。</translation>
        </message>
        <message>
            <source>Track %1: %2 of %3 touches done.</source>
            <translation>培育路径“%1”：已完成 %2/%3 次触达。</translation>
        </message>
        <message>
            <source>Track %1 ended on %2.</source>
            <translation>培育路径“%1”已于 %2 结束。</translation>
        </message>
        <message>
            <source>Not in nurture. Disqualifying a lead or putting it off enrols it in a track.</source>
            <translation>未在培育中。取消线索资格或暂缓跟进时，线索会进入一条培育路径。</translation>
        </message>
        <message>
            <source>Select a lead to see its nurture track.</source>
            <translation>选择一条线索以查看其培育路径。</translation>
        </message>
        <message>
            <source>Could not read the nurture track: %1</source>
            <translation>无法读取培育路径：%1</translation>
        </message>
        <message>
            <source>You</source>
            <translation>你</translation>
        </message>
        <message>
            <source>Automation</source>
            <translation>营销自动化</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>By</source>
            <translation>执行方</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>渠道</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>天</translation>
        </message>
        <message>
            <source>Later</source>
            <translation>稍后</translation>
        </message>
        <message>
            <source>Due</source>
            <translation>已到期</translation>
        </message>
        <message>
            <source>Your next touch</source>
            <translation>你的下一次触达</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>已完成</translation>
        </message>
</context>
</TS>
