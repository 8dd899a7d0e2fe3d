<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AccountView</name>
        <message>
            <source>Existing customer</source>
            <translation>现有客户</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>客户</translation>
        </message>
        <message>
            <source>Search research notes (any language)…</source>
            <translation>搜索调研笔记（任何语言）…</translation>
        </message>
        <message>
            <source>Search research notes</source>
            <translation>搜索调研笔记</translation>
        </message>
        <message>
            <source>This account only</source>
            <translation>仅限此客户</translation>
        </message>
        <message>
            <source>No research note matches.</source>
            <translation>没有匹配的调研笔记。</translation>
        </message>
        <message>
            <source>Open an account to see its buying committee.</source>
            <translation>打开一个客户以查看其采购委员会。</translation>
        </message>
        <message>
            <source>Insights</source>
            <translation>洞察</translation>
        </message>
        <message>
            <source>Contacts</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>Buyer map</source>
            <translation>购买角色图</translation>
        </message>
        <message>
            <source>Timeline</source>
            <translation>时间线</translation>
        </message>
        <message>
            <source>This lead has no account yet.</source>
            <translation>此线索尚未关联客户。</translation>
        </message>
        <message>
            <source>No account open</source>
            <translation>未打开客户</translation>
        </message>
        <message>
            <source>%1 employees</source>
            <translation>%1 名员工</translation>
        </message>
        <message>
            <source>Could not open the account: %1</source>
            <translation>无法打开客户：%1</translation>
        </message>
        <message>
            <source>Could not save the insight: %1</source>
            <translation>无法保存洞察：%1</translation>
        </message>
        <message>
            <source>Refused: that contact belongs to another account.</source>
            <translation>已拒绝：该联系人属于另一个客户。</translation>
        </message>
        <message>
            <source>The buyer role was not saved: %1</source>
            <translation>购买角色未保存：%1</translation>
        </message>
        <message>
            <source>Search failed: %1</source>
            <translation>搜索失败：%1</translation>
        </message>
        <message>
            <source>Could not pin the insight: %1</source>
            <translation>无法置顶洞察：%1</translation>
        </message>
        <message>
            <source>Tier %1 (%2) · Grade %3</source>
            <translation>层级 %1（%2）· 等级 %3</translation>
        </message>
    </context>
    <context>
        <name>PinnedInsightsCard</name>
        <message>
            <source>Pinned insights</source>
            <translation>置顶洞察</translation>
        </message>
        <message>
            <source>Nothing pinned yet: pin an insight in the account's research.</source>
            <translation>尚无置顶内容：请在客户调研中置顶一条洞察。</translation>
        </message>
        <message>
            <source>(stale)</source>
            <translation>（已过时）</translation>
        </message>
    </context>
    <context>
        <name>ResearchModels</name>
        <message>
            <source>Not qualified yet</source>
            <translation>尚未认定</translation>
        </message>
        <message>
            <source>Qualified</source>
            <translation>合格</translation>
        </message>
        <message>
            <source>Not qualified</source>
            <translation>不合格</translation>
        </message>
        <message>
            <source>Qualification open</source>
            <translation>认定进行中</translation>
        </message>
        <message>
            <source>Withdrawn by a later correction</source>
            <translation>已被后续更正撤回</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>职位</translation>
        </message>
        <message>
            <source>Buyer role</source>
            <translation>购买角色</translation>
        </message>
        <message>
            <source>Stance</source>
            <translation>立场</translation>
        </message>
        <message>
            <source>Furthest step</source>
            <translation>最远进展</translation>
        </message>
        <message>
            <source>Last touch</source>
            <translation>最近接触</translation>
        </message>
        <message>
            <source>Stage</source>
            <translation>阶段</translation>
        </message>
        <message>
            <source>Qualification</source>
            <translation>资格认定</translation>
        </message>
        <message>
            <source>Profile match</source>
            <translation>画像匹配度</translation>
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
            <source>Outcome</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>步骤</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>备注</translation>
        </message>
    </context>
    <context>
        <name>ResearchPanel</name>
        <message>
            <source>This section is not in the template any more.</source>
            <translation>模板中已没有此部分。</translation>
        </message>
        <message>
            <source>This field is not in the template any more.</source>
            <translation>模板中已没有此字段。</translation>
        </message>
        <message>
            <source>The note belongs to another template.</source>
            <translation>该笔记属于另一个模板。</translation>
        </message>
        <message>
            <source>Write the insight before saving.</source>
            <translation>请先填写洞察再保存。</translation>
        </message>
        <message>
            <source>The insight is too long to save.</source>
            <translation>洞察内容过长，无法保存。</translation>
        </message>
        <message>
            <source>This section is about a person: pick the contact.</source>
            <translation>此部分针对个人：请选择联系人。</translation>
        </message>
        <message>
            <source>Not a web link: it must start with http:// or https:// and name a site.</source>
            <translation>不是网址：必须以 http:// 或 https:// 开头并包含网站地址。</translation>
        </message>
        <message>
            <source>Name the document the insight comes from.</source>
            <translation>请注明洞察来源的文档。</translation>
        </message>
        <message>
            <source>Not a date: write it as YYYY-MM-DD.</source>
            <translation>不是日期：请按 YYYY-MM-DD 格式填写。</translation>
        </message>
        <message>
            <source>The source date is in the future.</source>
            <translation>来源日期在未来。</translation>
        </message>
        <message>
            <source>Link</source>
            <translation>链接</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>文档</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>YYYY-MM-DD</translation>
        </message>
        <message>
            <source>Remove this source</source>
            <translation>移除此来源</translation>
        </message>
        <message>
            <source>Source date</source>
            <translation>来源日期</translation>
        </message>
        <message>
            <source>Stale</source>
            <translation>已过时</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>联系人</translation>
        </message>
        <message>
            <source>What did you find? One insight, in your own words.</source>
            <translation>你发现了什么？用自己的话写一条洞察。</translation>
        </message>
        <message>
            <source>Add source</source>
            <translation>添加来源</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Save this insight (Ctrl+Return)</source>
            <translation>保存此洞察（Ctrl+回车）</translation>
        </message>
        <message>
            <source>Pin</source>
            <translation>置顶</translation>
        </message>
        <message>
            <source>Pinned insights show on the call card and in the MQL hand-off</source>
            <translation>置顶的洞察会显示在通话卡片和 MQL 移交摘要中</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>已保存</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>正在保存…</translation>
        </message>
        <message>
            <source>Nothing logged yet.</source>
            <translation>尚无记录。</translation>
        </message>
        <message>
            <source>Filled from the logged activities</source>
            <translation>根据已记录的活动自动填写</translation>
        </message>
        <message>
            <source>&amp;Template:</source>
            <translation>模板(&amp;T)：</translation>
        </message>
        <message>
            <source>The account's tier picks the template; you can switch</source>
            <translation>客户层级决定模板；你可以切换</translation>
        </message>
        <message>
            <source>Annual report 2025, analyst call…</source>
            <translation>2025 年年报、分析师电话会…</translation>
        </message>
        <message>
            <source>Source link</source>
            <translation>来源链接</translation>
        </message>
        <message>
            <source>Source document</source>
            <translation>来源文档</translation>
        </message>
        <message>
            <source>Save the insight before pinning it.</source>
            <translation>请先保存洞察再置顶。</translation>
        </message>
        <message>
            <source>Older than %1 days: check the facts again.</source>
            <translation>已超过 %1 天：请重新核实。</translation>
        </message>
        <message>
            <source>No contacts yet</source>
            <translation>尚无联系人</translation>
        </message>
        <message>
            <source>Completeness of %1</source>
            <translation>%1 的完整度</translation>
        </message>
        <message>
            <source>%1 stale</source>
            <translation>%1 条已过时</translation>
        </message>
        <message>
            <source>%1 of %2</source>
            <translation>%1 / %2</translation>
        </message>
        <message>
            <source>Source %1: %2</source>
            <translation>来源 %1：%2</translation>
        </message>
        <message>
            <source>%1 of %2 fields researched (%3%)</source>
            <translation>已调研 %1 / %2 个字段（%3%）</translation>
        </message>
    </context>
</TS>
