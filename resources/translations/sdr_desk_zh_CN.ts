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
        <name>CallSessionPanel</name>
        <message>
            <source>Nothing to undo.</source>
            <translation>没有可撤销的操作。</translation>
        </message>
        <message>
            <source>Copied %1</source>
            <translation>已复制 %1</translation>
        </message>
        <message>
            <source>Could not read the local cache: %1</source>
            <translation>无法读取本地缓存：%1</translation>
        </message>
        <message>
            <source>The queue is empty: nobody to call.</source>
            <translation>队列为空：没有要拨打的人。</translation>
        </message>
        <message>
            <source>Logged %1 for %2. Ctrl+Z undoes it.</source>
            <translation>已为 %2 记录“%1”。按 Ctrl+Z 撤销。</translation>
        </message>
        <message>
            <source>The next step must be later than now. Nothing was saved.</source>
            <translation>下一步的时间必须晚于现在。未保存任何内容。</translation>
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation>未保存：%1</translation>
        </message>
        <message>
            <source>Undone: the last outcome for %1 is withdrawn (kept in the history, struck through).</source>
            <translation>已撤销：%1 的上一条结果已撤回（仍保留在历史中，以删除线显示）。</translation>
        </message>
        <message>
            <source>Could not undo: %1</source>
            <translation>无法撤销：%1</translation>
        </message>
        <message>
            <source>Their time %1 · your time %2</source>
            <translation>对方时间 %1 · 您的时间 %2</translation>
        </message>
        <message>
            <source>Outside their calling hours: you may still book it, but they are unlikely to answer.</source>
            <translation>不在对方的可致电时段：仍可预约，但对方可能不会接听。</translation>
        </message>
        <message>
            <source>Press F5 to start calling: the top of the queue comes up here.</source>
            <translation>按 F5 开始拨打：队列最前面的线索会显示在这里。</translation>
        </message>
        <message>
            <source>Press F5 to call the top of the queue.</source>
            <translation>按 F5 拨打队列最前面的线索。</translation>
        </message>
        <message>
            <source>Enter logs · Tab: next step · Esc: pick another outcome</source>
            <translation>Enter 记录 · Tab：下一步 · Esc：另选结果</translation>
        </message>
        <message>
            <source>Outcome:</source>
            <translation>结果：</translation>
        </message>
        <message>
            <source>No lead on the card</source>
            <translation>卡片上没有线索</translation>
        </message>
        <message>
            <source>Buyer role: %1</source>
            <translation>购买角色：%1</translation>
        </message>
        <message>
            <source>Why now: %1</source>
            <translation>为何现在打：%1</translation>
        </message>
        <message>
            <source>Dial (Ctrl+D)</source>
            <translation>拨号（Ctrl+D）</translation>
        </message>
        <message>
            <source>Dial</source>
            <translation>拨号</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Their time: %1</source>
            <translation>对方时间：%1</translation>
        </message>
        <message>
            <source>Call %1</source>
            <translation>致电 %1</translation>
        </message>
        <message>
            <source>Call session</source>
            <translation>呼叫会话</translation>
        </message>
        <message>
            <source>&amp;Start calling</source>
            <translation>开始拨打(&amp;S)</translation>
        </message>
        <message>
            <source>S&amp;top calling</source>
            <translation>停止拨打(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Undo last outcome</source>
            <translation>撤销上一条结果(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Dial the first number</source>
            <translation>拨打第一个号码(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Copy the first number</source>
            <translation>复制第一个号码(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Qualify…</source>
            <translation>资格认定(&amp;Q)…</translation>
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
            <source>Next step</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>When (their time)</source>
            <translation>时间（对方时间）</translation>
        </message>
        <message>
            <source>No next step</source>
            <translation>无下一步</translation>
        </message>
        <message>
            <source>Call back</source>
            <translation>回电</translation>
        </message>
        <message>
            <source>Send email</source>
            <translation>发送邮件</translation>
        </message>
        <message>
            <source>Send WeChat message</source>
            <translation>发送微信消息</translation>
        </message>
        <message>
            <source>Last touches</source>
            <translation>最近触达</translation>
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
        <name>HandoffDialog</name>
        <message>
            <source>Hand-off: %1</source>
            <translation>移交：%1</translation>
        </message>
        <message>
            <source>Copy (Ctrl+Shift+C)</source>
            <translation>复制（Ctrl+Shift+C）</translation>
        </message>
        <message>
            <source>Export… (Ctrl+E)</source>
            <translation>导出…（Ctrl+E）</translation>
        </message>
        <message>
            <source>Copied to the clipboard.</source>
            <translation>已复制到剪贴板。</translation>
        </message>
        <message>
            <source>Saved to %1</source>
            <translation>已保存到 %1</translation>
        </message>
        <message>
            <source>Export the hand-off</source>
            <translation>导出移交摘要</translation>
        </message>
        <message>
            <source>Markdown (*.md)</source>
            <translation>Markdown（*.md）</translation>
        </message>
        <message>
            <source>Could not save: %1</source>
            <translation>无法保存：%1</translation>
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
        <name>LoginDialog</name>
        <message>
            <source>Sign in to the server</source>
            <translation>登录服务器</translation>
        </message>
        <message>
            <source>&amp;Server:</source>
            <translation>服务器(&amp;S)：</translation>
        </message>
        <message>
            <source>&amp;User name:</source>
            <translation>用户名(&amp;U)：</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>密码(&amp;P)：</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Enter the server address, such as https://sdr.example.com</source>
            <translation>请输入服务器地址，例如 https://sdr.example.com</translation>
        </message>
        <message>
            <source>Enter your user name.</source>
            <translation>请输入用户名。</translation>
        </message>
        <message>
            <source>Enter your password.</source>
            <translation>请输入密码。</translation>
        </message>
        <message>
            <source>Signing in…</source>
            <translation>正在登录…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
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
    </context>
    <context>
        <name>NeedsAttentionDialog</name>
        <message>
            <source>expected an object of field names and values</source>
            <translation>应为由字段名和值组成的对象</translation>
        </message>
        <message>
            <source>The fields are not valid: %1</source>
            <translation>字段无效：%1</translation>
        </message>
        <message>
            <source>Discard this change?</source>
            <translation>放弃此更改？</translation>
        </message>
        <message>
            <source>The change is undone on this computer and never reaches the server.</source>
            <translation>此更改将在本机撤销，且不会发送到服务器。</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>放弃</translation>
        </message>
        <message>
            <source>Needs attention</source>
            <translation>需要处理</translation>
        </message>
        <message>
            <source>The server refused these changes. Fix a change and retry it, or discard it.</source>
            <translation>服务器拒绝了这些更改。请修正后重试，或放弃更改。</translation>
        </message>
        <message>
            <source>Fields of the selected change:</source>
            <translation>所选更改的字段：</translation>
        </message>
        <message>
            <source>&amp;Retry</source>
            <translation>重试(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Discard…</source>
            <translation>放弃(&amp;D)…</translation>
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
        <name>QualificationDialog</name>
        <message>
            <source>Red flags</source>
            <translation>危险信号</translation>
        </message>
        <message>
            <source>&lt;b&gt;Qualified&lt;/b&gt;: hand off as an MQL once saved.</source>
            <translation>&lt;b&gt;合格&lt;/b&gt;：保存后作为 MQL 移交。</translation>
        </message>
        <message>
            <source>&lt;b&gt;Not qualified&lt;/b&gt;: %1. Next move: %2</source>
            <translation>&lt;b&gt;不合格&lt;/b&gt;：%1。下一步：%2</translation>
        </message>
        <message>
            <source>&lt;b&gt;Incomplete&lt;/b&gt;, still to find out:</source>
            <translation>&lt;b&gt;未完成&lt;/b&gt;，仍需了解：</translation>
        </message>
        <message>
            <source>Saved as version %1: %2</source>
            <translation>已保存为第 %1 版：%2</translation>
        </message>
        <message numerus="yes">
            <source>Not saved: %n problem(s) to fix.</source>
            <translation>
                <numerusform>未保存：有 %n 个问题需要修正。</numerusform>
            </translation>
        </message>
        <message>
            <source>Not saved: %1</source>
            <translation>未保存：%1</translation>
        </message>
        <message>
            <source>Handed off as an MQL.</source>
            <translation>已作为 MQL 移交。</translation>
        </message>
        <message>
            <source>Moved to %1.</source>
            <translation>已移至 %1。</translation>
        </message>
        <message>
            <source>Refused: %1</source>
            <translation>已拒绝：%1</translation>
        </message>
        <message>
            <source>Could not read the local cache: %1</source>
            <translation>无法读取本地缓存：%1</translation>
        </message>
        <message>
            <source>Qualify %1</source>
            <translation>资格认定：%1</translation>
        </message>
        <message>
            <source>&amp;Framework</source>
            <translation>认定框架(&amp;F)</translation>
        </message>
        <message>
            <source>Save version (Ctrl+S)</source>
            <translation>保存版本（Ctrl+S）</translation>
        </message>
        <message>
            <source>Hand off as MQL (Ctrl+M)</source>
            <translation>作为 MQL 移交（Ctrl+M）</translation>
        </message>
        <message>
            <source>Disqualify (Ctrl+Shift+D)</source>
            <translation>判定不合格（Ctrl+Shift+D）</translation>
        </message>
        <message>
            <source>Not now: nurture (Ctrl+Shift+N)</source>
            <translation>暂不跟进：转入培育（Ctrl+Shift+N）</translation>
        </message>
        <message>
            <source>Earlier versions</source>
            <translation>早期版本</translation>
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
        <name>RejectedOpsModel</name>
        <message>
            <source>Change</source>
            <translation>更改</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <source>Why the server refused it</source>
            <translation>服务器拒绝的原因</translation>
        </message>
        <message>
            <source>Made at</source>
            <translation>更改时间</translation>
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
        <name>SyncController</name>
        <message>
            <source>No keyring available: sign in each time SDR Desk starts.</source>
            <translation>没有可用的密钥环：每次启动 SDR Desk 都需要登录。</translation>
        </message>
        <message>
            <source>Cannot reach the server. Check the address and the network.</source>
            <translation>无法连接服务器。请检查地址和网络。</translation>
        </message>
        <message>
            <source>Sign-in refused: %1</source>
            <translation>登录被拒绝：%1</translation>
        </message>
        <message>
            <source>This server needs a newer SDR Desk.</source>
            <translation>此服务器需要更新版本的 SDR Desk。</translation>
        </message>
        <message>
            <source>Unexpected error: %1</source>
            <translation>意外错误：%1</translation>
        </message>
        <message>
            <source>Server unreachable: working offline, changes stay queued.</source>
            <translation>无法连接服务器：离线工作中，更改将保留在队列中。</translation>
        </message>
        <message>
            <source>Sign in again to sync: %1</source>
            <translation>请重新登录以同步：%1</translation>
        </message>
        <message>
            <source>Sync stopped: the server needs a newer SDR Desk. Changes stay queued.</source>
            <translation>同步已停止：服务器需要更新版本的 SDR Desk。更改将保留在队列中。</translation>
        </message>
        <message>
            <source>Sync paused: the local cache was busy. It will try again.</source>
            <translation>同步已暂停：本地缓存正忙，稍后将重试。</translation>
        </message>
        <message>
            <source>Sync failed: %1</source>
            <translation>同步失败：%1</translation>
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
        <name>SyncUi</name>
        <message>
            <source>No keyring is available: you will sign in each time SDR Desk starts.</source>
            <translation>没有可用的密钥环：每次启动 SDR Desk 都需要登录。</translation>
        </message>
        <message>
            <source>Sign in to sync (Sync ▸ Sign in…).</source>
            <translation>登录后即可同步（同步 ▸ 登录…）。</translation>
        </message>
        <message>
            <source>Sending %v of %m</source>
            <translation>正在发送 %v / %m</translation>
        </message>
        <message>
            <source>Receiving %1</source>
            <translation>正在接收 %1</translation>
        </message>
        <message numerus="yes">
            <source>and %n more</source>
            <translation>
                <numerusform>以及另外 %n 项</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n new inbound lead(s) assigned to you</source>
            <translation>
                <numerusform>%n 条新的集客线索已分配给您</numerusform>
            </translation>
        </message>
        <message>
            <source>Syncing…</source>
            <translation>正在同步…</translation>
        </message>
        <message>
            <source>Not signed in</source>
            <translation>未登录</translation>
        </message>
        <message>
            <source>Update SDR Desk to sync</source>
            <translation>请更新 SDR Desk 以同步</translation>
        </message>
        <message>
            <source>&amp;Sync</source>
            <translation>同步(&amp;S)</translation>
        </message>
        <message>
            <source>Sign &amp;in…</source>
            <translation>登录(&amp;I)…</translation>
        </message>
        <message>
            <source>Sync &amp;now</source>
            <translation>立即同步(&amp;N)</translation>
        </message>
        <message>
            <source>Needs &amp;attention (%1)…</source>
            <translation>需要处理(&amp;A)（%1）…</translation>
        </message>
        <message>
            <source>Needs &amp;attention…</source>
            <translation>需要处理(&amp;A)…</translation>
        </message>
        <message>
            <source>Sign &amp;out</source>
            <translation>退出登录(&amp;O)</translation>
        </message>
    </context>
    <context>
        <name>TimelineModel</name>
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
            <source>Withdrawn by a later correction</source>
            <translation>已被后续更正撤回</translation>
        </message>
        <message>
            <source>Correction: entry withdrawn</source>
            <translation>更正：条目已撤回</translation>
        </message>
    </context>
    <context>
        <name>Verdict</name>
        <message>
            <source>Qualified</source>
            <translation>合格</translation>
        </message>
        <message>
            <source>Not qualified</source>
            <translation>不合格</translation>
        </message>
        <message>
            <source>Incomplete</source>
            <translation>未完成</translation>
        </message>
    </context>
    <context>
        <name>VersionsModel</name>
        <message>
            <source>Version %1 · %2 · %3 · %4</source>
            <translation>第 %1 版 · %2 · %3 · %4</translation>
        </message>
    </context>
</TS>
