"""Opening an account's research: the committee with its touches, gaps, entry point, profile
match and T1 completeness, then drawing the buyer-role map. Figures are printed, not asserted
(target from the issue: an account with 50 contacts and 2,000 activities opens in ≤ 150 ms).

SDR_DESK_BENCH_SIZE=full runs the issue's size; the default small size keeps the code path alive.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import datetime, timedelta, timezone

import pytest

from sdr_desk.core.buyer_map import (
    Committee,
    ContactFacts,
    find_gaps,
    load_committee_rules,
    load_ideal_profile,
    match_contact,
    suggest_entry_point,
)
from sdr_desk.core.entities import (
    Account,
    Activity,
    BuyerRole,
    Channel,
    Lead,
    Outcome,
    ResearchNote,
    Seniority,
    SourceRef,
    Step,
    Tier,
)
from sdr_desk.core.research import account_completeness, history_notes, load_template, validate_note

pytestmark = pytest.mark.benchmark

FULL = os.environ.get("SDR_DESK_BENCH_SIZE", "small") == "full"
CONTACTS = 50 if FULL else 10
ACTIVITIES = 2_000 if FULL else 200
NOTES = 400 if FULL else 40
RUNS = 15 if FULL else 3
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
STEPS = [(Channel.PHONE, Outcome.NO_ANSWER, Step.REACH), (Channel.EMAIL, Outcome.OPENED, Step.CONNECT),
         (Channel.PHONE, Outcome.CONVERSATION, Step.CONVERSATION), (Channel.MEETING, Outcome.HELD, None)]


def book():
    account = Account(id="acc-1", name="Northwind Trading", employees=2_000, tier=Tier.T1)
    roles = [r for r in BuyerRole]
    leads = [Lead(id=f"lead-{i}", full_name=f"Contact {i}", account_id="acc-1", title="Director of Marketing 市场总监",
                  seniority=Seniority.DIRECTOR, buyer_role=roles[i % len(roles)]) for i in range(CONTACTS)]
    acts = []
    for i in range(ACTIVITIES):
        channel, outcome, step = STEPS[i % len(STEPS)]
        acts.append(Activity(f"act-{i}", f"lead-{i % CONTACTS}", channel, outcome, NOW - timedelta(hours=i), step))
    t1 = load_template(Tier.T1)
    cells = [(s.id, f.id) for s in t1.sections for f in s.fields]
    notes = [ResearchNote(id=f"n{i}", account_id="acc-1", template=Tier.T1, section=cells[i % len(cells)][0],
                          field=cells[i % len(cells)][1], text="市场规模约 120 亿元 🚀 " * 50,
                          sources=[SourceRef("https://example.com/report", "2026-06-01")],
                          updated_at=NOW - timedelta(days=i)) for i in range(NOTES)]
    return account, leads, acts, notes, t1


def median_ms(work) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def test_open_account_research(qtbot):
    from sdr_desk.gui.views.buyer_map import BuyerMapView

    account, leads, acts, notes, t1 = book()
    rules, profile = load_committee_rules(), load_ideal_profile()
    result = {}

    def open_core():
        committee = Committee(account, leads, activities=acts)
        scores = {lead.id: match_contact(profile, lead, ContactFacts(notes="数据驱动 growth")).score for lead in leads}
        result["committee"] = committee
        result["scores"] = scores
        result["gaps"] = find_gaps(committee, rules)
        result["entry"] = suggest_entry_point(committee, rules, scores)
        result["complete"] = account_completeness(t1, [*notes, *history_notes(t1, account.id, acts)], NOW)

    core_ms = median_ms(open_core)
    assert len(result["committee"]) == CONTACTS and result["entry"] is not None
    assert result["complete"].section("history").filled >= 3

    from PySide6.QtGui import QImage, QPainter

    def open_map():  # build the scene and paint it once, as the first show would
        view = BuyerMapView(result["committee"], rules, result["scores"])
        rect = view.sceneRect()
        image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        view.scene().render(painter, image.rect().toRectF(), rect)
        painter.end()
        result["pixels"] = image.width() * image.height()
        view.deleteLater()

    map_ms = median_ms(open_map)
    assert result["pixels"] > 0
    print(f"research-open-size: {CONTACTS} contacts, {ACTIVITIES} activities, {NOTES} notes")
    print(f"research-open-core: {core_ms:.2f} ms")
    print(f"buyer-map-build-and-paint: {map_ms:.2f} ms")
    print(f"research-open-total: {core_ms + map_ms:.2f} ms")


def test_validate_large_notes():
    t1 = load_template(Tier.T1)
    text = ("客户体验与增长 📈 customer experience and growth. " * 3000)[:100_000]
    note = ResearchNote(id="n", account_id="acc-1", template=Tier.T1, section="strategy", field="priorities", text=text,
                        sources=[SourceRef(f"https://example.com/{i}", "2026-01-01") for i in range(10)])
    runs = 200 if FULL else 20
    start = time.perf_counter()
    for _ in range(runs):
        validate_note(note, t1, NOW)
    per_note_us = (time.perf_counter() - start) / runs * 1e6
    print(f"note-validate-100kb: {per_note_us:.1f} µs")
