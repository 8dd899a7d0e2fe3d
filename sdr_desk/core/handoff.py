"""The MQL hand-off summary the salesperson reads before the first meeting.

Built from plain records (no store access), as Markdown that reads well as plain text too,
so it can be copied into a mail or exported as a file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime

from sdr_desk.core.entities import (
    Account,
    Activity,
    BuyerRole,
    BuyerRoleEntry,
    CriterionAnswer,
    Lead,
    Qualification,
    ResearchNote,
    Step,
    Verdict,
)
from sdr_desk.core.qualification import Framework, QualificationRules, default_qualification_rules

_HEADINGS = {
    "en": {
        "title": "Hand-off", "qualified": "Qualified with {fw}, version {v}", "evidence": "Qualification evidence",
        "no_evidence": "(no note)", "flags": "Red flags", "no_flags": "None ticked.",
        "roles": "Buying committee", "no_roles": "No roles known yet.", "research": "Research",
        "no_research": "No pinned research.", "history": "Touch history",
        "count": "{n} touches: {steps}", "no_touches": "No touches logged.", "influence": "influence",
        "earlier": "... {n} earlier touches not shown",
    },
    "zh_CN": {
        "title": "移交销售", "qualified": "按 {fw} 鉴别合格,第 {v} 版", "evidence": "鉴别依据",
        "no_evidence": "(无说明)", "flags": "红旗情况", "no_flags": "无。",
        "roles": "采购决策团队", "no_roles": "尚不清楚角色。", "research": "客户研究",
        "no_research": "没有置顶的研究内容。", "history": "触达记录",
        "count": "共 {n} 次触达:{steps}", "no_touches": "尚无触达记录。", "influence": "影响力",
        "earlier": "……另有 {n} 次更早的触达未列出",
    },
}
_ROLES_ZH = {
    BuyerRole.INITIATOR: "发起者", BuyerRole.DECIDER: "决策者", BuyerRole.BUYER: "采购者",
    BuyerRole.INFLUENCER: "影响者", BuyerRole.USER: "使用者", BuyerRole.GATEKEEPER: "把关者",
    BuyerRole.UNKNOWN: "未知",
}
_STEPS_ZH = {Step.REACH: "触达", Step.CONNECT: "联系", Step.CONVERSATION: "对话"}


def _h(lang: str) -> Mapping[str, str]:
    return _HEADINGS.get(lang, _HEADINGS["en"])


def _role(role: BuyerRole, lang: str) -> str:
    return _ROLES_ZH[role] if lang == "zh_CN" else role.value.replace("_", " ")


def _step(step: Step, lang: str) -> str:
    return _STEPS_ZH[step] if lang == "zh_CN" else step.value


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "?"


def _indent(text: str) -> str:
    # Keep multi-line notes inside their list item.
    return text.strip().replace("\n", "\n  ")


def current_touches(activities: Sequence[Activity]) -> list[Activity]:
    """The touch history as it stands: corrections replace what they supersede; oldest first."""
    superseded = {a.supersedes_id for a in activities if a.supersedes_id}
    return sorted((a for a in activities if a.id not in superseded), key=lambda a: (a.occurred_at, a.id))


def handoff_summary(
    *,
    lead: Lead,
    qualification: Qualification,
    framework: Framework,
    account: Account | None = None,
    buyer_roles: Sequence[BuyerRoleEntry] = (),
    people: Mapping[str, Lead] | None = None,  # lead id -> contact, to name the committee
    research: Sequence[ResearchNote] = (),
    activities: Sequence[Activity] = (),
    rules: QualificationRules | None = None,
    lang: str = "en",
    max_touches: int = 30,
) -> str:
    """Markdown for the salesperson. Only a qualified verdict is handed off."""
    if qualification.verdict is not Verdict.QUALIFIED:
        raise ValueError(f"only a qualified lead is handed off (verdict: {qualification.verdict.value})")
    if qualification.framework != framework.id:
        raise ValueError(f"the qualification used {qualification.framework!r}, not {framework.id!r}")
    r = rules if rules is not None else default_qualification_rules()
    h = _h(lang)
    out: list[str] = []

    company = account.name if account is not None else None
    out.append(f"# {h['title']}: {lead.full_name}" + (f" — {company}" if company else ""))
    facts = [x for x in (lead.title, ", ".join(lead.phones), ", ".join(lead.emails), lead.country) if x]
    if account is not None:
        facts += [x for x in (account.industry, f"{account.employees} employees" if account.employees else None) if x]
    if facts:
        out.append(" · ".join(facts))
    out.append("")
    out.append(h["qualified"].format(fw=framework.name.get(lang), v=qualification.version)
               + (f" ({_when(qualification.created_at)})" if qualification.created_at else ""))

    out += ["", f"## {h['evidence']}"]
    for c in framework.criteria:
        answer = qualification.answers.get(c.id, CriterionAnswer())
        status = r.statuses[answer.status].get(lang)
        note = _indent(answer.evidence) if answer.evidence.strip() else h["no_evidence"]
        out.append(f"- **{c.label.get(lang)}** — {status}: {note}")

    out += ["", f"## {h['flags']}"]
    if qualification.red_flags:
        labels = {f.id: f.label.get(lang) for f in r.red_flags}
        out += [f"- {labels.get(flag, flag)}" for flag in qualification.red_flags]
    else:
        out.append(h["no_flags"])

    out += ["", f"## {h['roles']}"]
    if buyer_roles:
        ordered = sorted(buyer_roles, key=lambda e: (-e.influence, list(BuyerRole).index(e.role)))
        for e in ordered:
            person = (people or {}).get(e.lead_id) or (lead if e.lead_id == lead.id else None)
            who = person.full_name if person is not None else e.lead_id
            title = f" ({person.title})" if person is not None and person.title else ""
            out.append(f"- {who}{title}: {_role(e.role, lang)}, {e.stance.value}, {h['influence']} {e.influence}/5")
    else:
        out.append(h["no_roles"])

    out += ["", f"## {h['research']}"]
    pinned = [n for n in research if n.pinned]
    if pinned:
        for n in pinned:
            src = "; ".join(s.ref + (f" ({s.date})" if s.date else "") for s in n.sources)
            out.append(f"- [{n.template.value}] {n.section} › {n.field}: {_indent(n.text)}" + (f" — {src}" if src else ""))
    else:
        out.append(h["no_research"])

    out += ["", f"## {h['history']}"]
    touches = current_touches(activities)
    if touches:
        steps = Counter(a.step for a in touches if a.step is not None)
        summary = ", ".join(f"{steps[s]} {_step(s, lang)}" for s in Step if steps[s])
        out.append(h["count"].format(n=len(touches), steps=summary or "-"))
        shown = touches[-max_touches:] if max_touches > 0 else []
        if len(touches) > len(shown):
            out.append(h["earlier"].format(n=len(touches) - len(shown)))
        for a in shown:
            step = f" ({_step(a.step, lang)})" if a.step is not None else ""
            notes = f" — {_indent(a.notes)}" if a.notes and a.notes.strip() else ""
            out.append(f"- {_when(a.occurred_at)} · {a.channel.value} · {a.outcome.value}{step}{notes}")
    else:
        out.append(h["no_touches"])
    return "\n".join(out) + "\n"
