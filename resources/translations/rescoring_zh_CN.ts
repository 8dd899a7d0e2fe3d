<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>ScoreKeeper</name>
    <message>
      <source>Scoring leads: %1 of %2</source>
      <translation>正在为线索评分：%1 / %2</translation>
    </message>
    <message>
      <source>Lead scores are up to date (%1 rescored)</source>
      <translation>线索评分已是最新（重新评分 %1 条）</translation>
    </message>
    <message>
      <source>Could not update lead scores: %1</source>
      <translation>无法更新线索评分：%1</translation>
    </message>
  </context>
</TS>
