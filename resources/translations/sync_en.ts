<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
  <context>
    <name>SyncUi</name>
    <message numerus="yes">
      <source>and %n more</source>
      <translation>
        <numerusform>and %n more</numerusform>
        <numerusform>and %n more</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n new inbound lead(s) assigned to you</source>
      <translation>
        <numerusform>%n new inbound lead assigned to you</numerusform>
        <numerusform>%n new inbound leads assigned to you</numerusform>
      </translation>
    </message>
  </context>
</TS>