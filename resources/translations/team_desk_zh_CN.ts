<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>TeamDesk</name>
    <message>
      <source>Team</source>
      <translation>团队</translation>
    </message>
    <message>
      <source>&amp;Period:</source>
      <translation>时间范围(&amp;P)：</translation>
    </message>
    <message>
      <source>Last %1 days</source>
      <translation>最近 %1 天</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>刷新(&amp;R)</translation>
    </message>
    <message>
      <source>Activity &amp;log</source>
      <translation>活动日志(&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Funnel</source>
      <translation>漏斗(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Speed to lead and SLA</source>
      <translation>响应速度与 SLA(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Workload</source>
      <translation>工作量(&amp;W)</translation>
    </message>
    <message>
      <source>Rep:</source>
      <translation>销售代表：</translation>
    </message>
    <message>
      <source>From:</source>
      <translation>从：</translation>
    </message>
    <message>
      <source>To:</source>
      <translation>到：</translation>
    </message>
    <message>
      <source>Channel:</source>
      <translation>渠道：</translation>
    </message>
    <message>
      <source>Step:</source>
      <translation>步骤：</translation>
    </message>
    <message>
      <source>Outcome:</source>
      <translation>结果：</translation>
    </message>
    <message>
      <source>Lead:</source>
      <translation>线索：</translation>
    </message>
    <message>
      <source>any day</source>
      <translation>不限日期</translation>
    </message>
    <message>
      <source>name, company, e-mail or phone</source>
      <translation>姓名、公司、邮箱或电话</translation>
    </message>
    <message>
      <source>Everyone</source>
      <translation>全部成员</translation>
    </message>
    <message>
      <source>Any</source>
      <translation>不限</translation>
    </message>
    <message>
      <source>&amp;Open lead</source>
      <translation>打开线索(&amp;O)</translation>
    </message>
    <message>
      <source>&amp;Claim</source>
      <translation>认领(&amp;C)</translation>
    </message>
    <message>
      <source>Re-&amp;assign…</source>
      <translation>重新分配(&amp;A)…</translation>
    </message>
    <message>
      <source>Sales &amp;accepted…</source>
      <translation>销售已接受(&amp;A)…</translation>
    </message>
    <message>
      <source>Export &amp;PNG…</source>
      <translation>导出 PNG(&amp;P)…</translation>
    </message>
    <message>
      <source>Export &amp;CSV…</source>
      <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
      <source>Mark a&amp;way</source>
      <translation>标记为休假(&amp;W)</translation>
    </message>
    <message>
      <source>Mark &amp;back</source>
      <translation>标记为返岗(&amp;B)</translation>
    </message>
    <message>
      <source>No touches match these filters.</source>
      <translation>没有符合这些筛选条件的触达记录。</translation>
    </message>
    <message>
      <source>No touches in this period: nothing to count yet.</source>
      <translation>此期间没有触达记录，暂无可统计的数据。</translation>
    </message>
    <message>
      <source>Counting…</source>
      <translation>正在统计…</translation>
    </message>
    <message>
      <source>No entries</source>
      <translation>没有记录</translation>
    </message>
    <message>
      <source>Entries: %1</source>
      <translation>记录数：%1</translation>
    </message>
    <message>
      <source>Your own figures beside the team's median</source>
      <translation>你的个人数据与团队中位数对照</translation>
    </message>
    <message>
      <source>Team lead view</source>
      <translation>团队主管视图</translation>
    </message>
    <message>
      <source>No inbound lead that arrived in this period has been touched yet.</source>
      <translation>此期间进入的呼入线索尚未有任何触达。</translation>
    </message>
    <message>
      <source>Arrival to first touch over %1 inbound leads: median %2, 90th percentile %3.</source>
      <translation>%1 条呼入线索从进入到首次触达：中位数 %2，第 90 百分位 %3。</translation>
    </message>
    <message>
      <source>First touch within</source>
      <translation>首次触达时间</translation>
    </message>
    <message>
      <source>Leads</source>
      <translation>线索数</translation>
    </message>
    <message>
      <source>more than %1 min</source>
      <translation>超过 %1 分钟</translation>
    </message>
    <message>
      <source>%1 min</source>
      <translation>%1 分钟以内</translation>
    </message>
    <message>
      <source>Rep</source>
      <translation>销售代表</translation>
    </message>
    <message>
      <source>Touched</source>
      <translation>已触达</translation>
    </message>
    <message>
      <source>Median</source>
      <translation>中位数</translation>
    </message>
    <message>
      <source>90th percentile</source>
      <translation>第 90 百分位</translation>
    </message>
    <message>
      <source>Met</source>
      <translation>达标</translation>
    </message>
    <message>
      <source>Late</source>
      <translation>超时触达</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>逾期未触达</translation>
    </message>
    <message>
      <source>In time</source>
      <translation>按时率</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Unassigned in the team pool: %1</source>
      <translation>团队公共池中未分配：%1</translation>
    </message>
    <message>
      <source>Funnel per rep</source>
      <translation>各销售代表漏斗</translation>
    </message>
    <message>
      <source>No reps</source>
      <translation>没有销售代表</translation>
    </message>
    <message>
      <source>Per week</source>
      <translation>每周趋势</translation>
    </message>
    <message>
      <source>No weeks</source>
      <translation>没有数据</translation>
    </message>
    <message>
      <source>Export charts</source>
      <translation>导出图表</translation>
    </message>
    <message>
      <source>PNG images (*.png)</source>
      <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
      <source>Could not write %1</source>
      <translation>无法写入 %1</translation>
    </message>
    <message>
      <source>Export funnel</source>
      <translation>导出漏斗</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>Select the entries whose leads you want to re-assign.</source>
      <translation>请选择要重新分配的线索所对应的记录。</translation>
    </message>
    <message>
      <source>The team pool (unassigned)</source>
      <translation>团队公共池（未分配）</translation>
    </message>
    <message>
      <source>Re-assign</source>
      <translation>重新分配</translation>
    </message>
    <message>
      <source>Give the selected leads to:</source>
      <translation>将所选线索分配给：</translation>
    </message>
    <message>
      <source>Select an entry of the lead sales accepted.</source>
      <translation>请选择销售已接受的线索所对应的记录。</translation>
    </message>
    <message>
      <source>Sales accepted</source>
      <translation>销售已接受</translation>
    </message>
    <message>
      <source>Who in sales accepted the lead?</source>
      <translation>销售方由谁接受了该线索？</translation>
    </message>
    <message>
      <source>Select a rep first.</source>
      <translation>请先选择一位销售代表。</translation>
    </message>
    <message>
      <source>Could not read the local cache: %1</source>
      <translation>无法读取本地缓存：%1</translation>
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
      <source>Lead</source>
      <translation>线索</translation>
    </message>
    <message>
      <source>Company</source>
      <translation>公司</translation>
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
      <source>%1 (pending)</source>
      <translation>%1（待同步）</translation>
    </message>
    <message>
      <source>Dials</source>
      <translation>拨打</translation>
    </message>
    <message>
      <source>Reaches</source>
      <translation>触达</translation>
    </message>
    <message>
      <source>Connects</source>
      <translation>联系</translation>
    </message>
    <message>
      <source>Conversations</source>
      <translation>对话</translation>
    </message>
    <message>
      <source>Meetings</source>
      <translation>约见</translation>
    </message>
    <message>
      <source>MQLs</source>
      <translation>MQL</translation>
    </message>
    <message>
      <source>SQLs</source>
      <translation>SQL</translation>
    </message>
    <message>
      <source>Dials per reach</source>
      <translation>每次接通所需拨打数</translation>
    </message>
    <message>
      <source>Dials per conversation</source>
      <translation>每次对话所需拨打数</translation>
    </message>
    <message>
      <source>Conversations per meeting</source>
      <translation>每次约见所需对话数</translation>
    </message>
    <message>
      <source>Team median</source>
      <translation>团队中位数</translation>
    </message>
    <message>
      <source>Benchmark</source>
      <translation>行业基准</translation>
    </message>
    <message>
      <source>better than the benchmark</source>
      <translation>优于基准</translation>
    </message>
    <message>
      <source>close to the benchmark</source>
      <translation>接近基准</translation>
    </message>
    <message>
      <source>more work than the benchmark</source>
      <translation>比基准付出更多</translation>
    </message>
    <message>
      <source>nothing to compare yet</source>
      <translation>尚无可比数据</translation>
    </message>
    <message>
      <source>Benchmark %1: %2</source>
      <translation>基准 %1：%2</translation>
    </message>
    <message>
      <source>Open leads</source>
      <translation>在跟线索</translation>
    </message>
    <message>
      <source>Share</source>
      <translation>占比</translation>
    </message>
    <message>
      <source>Capacity</source>
      <translation>容量</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>disabled</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>away</source>
      <translation>休假中</translation>
    </message>
    <message>
      <source>at capacity</source>
      <translation>已满额</translation>
    </message>
    <message>
      <source>change pending</source>
      <translation>变更待同步</translation>
    </message>
    <message>
      <source>available</source>
      <translation>可分配</translation>
    </message>
  </context>
  <context>
    <name>TeamMenu</name>
    <message>
      <source>&amp;Team</source>
      <translation>团队(&amp;T)</translation>
    </message>
    <message>
      <source>Team &amp;desk</source>
      <translation>团队工作台(&amp;D)</translation>
    </message>
    <message>
      <source>Work the demo as the &amp;team lead</source>
      <translation>以团队主管身份使用演示数据(&amp;T)</translation>
    </message>
  </context>
</TS>
