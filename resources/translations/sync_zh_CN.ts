<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <name>SyncUi</name>
    <message>
        <source>This profile holds a practice book.</source>
        <translation>此配置文件中有练习数据。</translation>
    </message>
    <message>
        <source>The practice book was kept: %1</source>
        <translation>练习数据已保留：%1</translation>
    </message>
    <message>
        <source>Start a &amp;fresh book</source>
        <translation>开始新的线索库(&amp;F)</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Practice data is never sent to the server. Start a fresh synced book here and keep the practice book as its own profile in %1, or discard the practice data.</source>
        <translation>练习数据永远不会发送到服务器。可以在此开始一份新的同步线索库，并将练习数据另存为独立的配置文件（位于 %1），或者丢弃练习数据。</translation>
    </message>
    <message>
        <source>&amp;Discard practice data</source>
        <translation>丢弃练习数据(&amp;D)</translation>
    </message>
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
</TS>