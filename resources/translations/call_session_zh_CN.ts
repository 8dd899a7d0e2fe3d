<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CallSessionPanel</name>
    <message>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的结果。</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>已复制 %1</translation>
    </message>
    <message>
        <source>Could not read the local cache: %1</source>
        <translation>无法读取本地缓存:%1</translation>
    </message>
    <message>
        <source>The queue is empty: nobody to call.</source>
        <translation>队列为空:没有要拨打的线索。</translation>
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
        <translation>未保存:%1</translation>
    </message>
    <message>
        <source>Undone: the last outcome for %1 is withdrawn (kept in the history, struck through).</source>
        <translation>已撤销:%1 的上一次结果已撤回(保留在记录中,以删除线显示)。</translation>
    </message>
    <message>
        <source>Could not undo: %1</source>
        <translation>无法撤销:%1</translation>
    </message>
    <message>
        <source>Their time %1 · your time %2</source>
        <translation>对方时间 %1 · 您的时间 %2</translation>
    </message>
    <message>
        <source>Outside their calling hours: you may still book it, but they are unlikely to answer.</source>
        <translation>不在对方的可拨打时段内:仍可安排,但对方可能不会接听。</translation>
    </message>
    <message>
        <source>Press F5 to start calling: the top of the queue comes up here.</source>
        <translation>按 F5 开始拨打:队列中排在最前的线索会显示在这里。</translation>
    </message>
    <message>
        <source>Press F5 to call the top of the queue.</source>
        <translation>按 F5 拨打队列中排在最前的线索。</translation>
    </message>
    <message>
        <source>Enter logs · Tab: next step · Esc: pick another outcome</source>
        <translation>Enter 记录 · Tab:下一步 · Esc:重新选择结果</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>结果:</translation>
    </message>
    <message>
        <source>F6 qualify · F8 skip · Ctrl+Z undo the last outcome</source>
        <translation>F6 鉴别 · F8 跳过 · Ctrl+Z 撤销上一次结果</translation>
    </message>
    <message>
        <source>No lead on the card</source>
        <translation>当前没有线索</translation>
    </message>
    <message>
        <source>Buyer role: %1</source>
        <translation>采购角色:%1</translation>
    </message>
    <message>
        <source>Why now: %1</source>
        <translation>为何现在:%1</translation>
    </message>
    <message>
        <source>Dial (Ctrl+D)</source>
        <translation>拨打 (Ctrl+D)</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>拨打</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Their time: %1</source>
        <translation>对方时间:%1</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>通话 %1</translation>
    </message>
    <message>
        <source>Call session</source>
        <translation>电话拨打</translation>
    </message>
    <message>
        <source>&amp;Start calling</source>
        <translation>开始拨打(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;kip to the next lead</source>
        <translation>跳到下一条线索(&amp;K)</translation>
    </message>
    <message>
        <source>S&amp;top calling</source>
        <translation>停止拨打(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Undo last outcome</source>
        <translation>撤销上一次结果(&amp;U)</translation>
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
        <translation>线索鉴别(&amp;Q)…</translation>
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
        <translation>时间(对方当地)</translation>
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
    <name>CallingMenu</name>
    <message>
        <source>&amp;Calling</source>
        <translation>拨打(&amp;C)</translation>
    </message>
</context>
<context>
    <name>HandoffDialog</name>
    <message>
        <source>Hand-off: %1</source>
        <translation>移交销售:%1</translation>
    </message>
    <message>
        <source>Copy (Ctrl+Shift+C)</source>
        <translation>复制 (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Export… (Ctrl+E)</source>
        <translation>导出… (Ctrl+E)</translation>
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
        <translation>Markdown 文件 (*.md)</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>无法保存:%1</translation>
    </message>
</context>
<context>
    <name>QualificationDialog</name>
    <message>
        <source>Nurture: %1, automated sends only.</source>
        <translation>培育：%1，仅自动发送。</translation>
    </message>
    <message>
        <source>Nurture: %1; your next touch: %2 on %3.</source>
        <translation>培育：%1；你的下一次触达：%3，%2。</translation>
    </message>
    <message>
        <source>Red flags</source>
        <translation>红旗情况</translation>
    </message>
    <message>
        <source>&lt;b&gt;Qualified&lt;/b&gt;: hand off as an MQL once saved.</source>
        <translation>&lt;b&gt;合格&lt;/b&gt;:保存后可作为 MQL 移交销售。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not qualified&lt;/b&gt;: %1. Next move: %2</source>
        <translation>&lt;b&gt;不合格&lt;/b&gt;:%1。下一步:%2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Incomplete&lt;/b&gt;, still to find out:</source>
        <translation>&lt;b&gt;信息不全&lt;/b&gt;,仍需了解:</translation>
    </message>
    <message>
        <source>Saved as version %1: %2</source>
        <translation>已保存为第 %1 版:%2</translation>
    </message>
    <message>
        <source>Not saved. Problems to fix: %1 (marked below).</source>
        <translation>未保存。需修正的问题:%1 个(见下方标注)。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存:%1</translation>
    </message>
    <message>
        <source>Handed off as an MQL.</source>
        <translation>已作为 MQL 移交销售。</translation>
    </message>
    <message>
        <source>Moved to %1.</source>
        <translation>已移至“%1”。</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>被拒绝:%1</translation>
    </message>
    <message>
        <source>Could not read the local cache: %1</source>
        <translation>无法读取本地缓存:%1</translation>
    </message>
    <message>
        <source>Qualify %1</source>
        <translation>鉴别 %1</translation>
    </message>
    <message>
        <source>&amp;Framework</source>
        <translation>鉴别框架(&amp;F)</translation>
    </message>
    <message>
        <source>Save version (Ctrl+S)</source>
        <translation>保存版本 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Hand off as MQL (Ctrl+M)</source>
        <translation>作为 MQL 移交 (Ctrl+M)</translation>
    </message>
    <message>
        <source>Disqualify (Ctrl+Shift+D)</source>
        <translation>判定不合格 (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <source>Not now: nurture (Ctrl+Shift+N)</source>
        <translation>暂不考虑:转入孵化 (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <source>Earlier versions</source>
        <translation>历史版本</translation>
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
        <translation>阶段</translation>
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
        <translation>更正:撤回该记录</translation>
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
        <translation>信息不全</translation>
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