"""Client cache <-> real server, through a proxy that drops, resets, duplicates and delays,
and with the server SIGKILLed mid-batch: every op applies exactly once and caches converge."""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sdr_desk.core.entities import Account, Activity, Channel, Lead, OpKind, Outcome, Stage, Step
from sdr_desk.core.ids import new_id
from sdr_desk.store.tables import ActivityRow, LeadRow
from sdr_desk.sync.client import ServerUnreachable
from tests.e2e.harness import (
    DELAY,
    DROP_RESPONSE,
    DUPLICATE,
    RESET,
    FaultProxy,
    ServerProcess,
    Workstation,
    make_team,
    server_activity_ids,
    server_view,
    snapshot,
)

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def touch(lead_id: str, n: int) -> Activity:
    return Activity(id=new_id(), lead_id=lead_id, channel=Channel.PHONE, outcome=Outcome.NO_ANSWER,
                    occurred_at=T0 + timedelta(minutes=n), step=Step.REACH, notes=f"attempt {n}")


def trade_show(station: Workstation, leads: int, touches: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """Days offline: new accounts and leads, calls logged, fields edited."""
    lead_ids, activity_ids = [], []
    for i in range(leads):
        account = Account(id=new_id(), name=f"account-{i}", country="CN")
        station.book.create_account(account)
        lead = Lead(id=new_id(), full_name=f"lead-{i}", account_id=account.id, phones=[f"+86138001380{i:02d}"])
        station.book.create_lead(lead)
        lead_ids.append(lead.id)
    for n in range(touches):
        activity = touch(rng.choice(lead_ids), n)
        station.book.log_activity(activity, unanswered=True)
        activity_ids.append(activity.id)
        if n % 7 == 0:
            station.book.patch_lead(rng.choice(lead_ids), {"title": f"title-{n}"})
    return lead_ids, activity_ids


def test_days_offline_sync_once_through_every_fault(server: ServerProcess, proxy: FaultProxy, team_name: str, tmp_path: Path) -> None:
    make_team(server, team_name, [f"{team_name}-rep-a"], f"{team_name}-lead")
    rep = Workstation(tmp_path / "rep-a", proxy.url, f"{team_name}-rep-a", batch_size=40)
    try:
        _lead_ids, activity_ids = trade_show(rep, leads=12, touches=160, rng=random.Random(1))
        ops = len(rep.outbox())
        proxy.planned = [DROP_RESPONSE, RESET, DUPLICATE, DELAY, DROP_RESPONSE, DUPLICATE]
        proxy.rate, proxy.seed = 0.3, 11
        report = rep.sync()
        report2 = rep.sync()  # a second round finds nothing left to do
        assert set(proxy.faults_applied()) == {DROP_RESPONSE, RESET, DUPLICATE, DELAY}
        assert report.pushed == ops and report.rejected == 0 and report.pending == 0
        assert report2.pushed == 0 and rep.outbox() == []
        on_server = server_activity_ids(server)
        assert sorted(set(activity_ids) & set(on_server)) == sorted(activity_ids)
        assert len(on_server) == len(set(on_server))
        proxy.rate = 0.0
        view = server_view(tmp_path / "fresh", proxy.url, f"{team_name}-rep-a")
        assert snapshot(rep) == view
        assert len(view["activities"]) == len(activity_ids)
        assert all(author == rep.user_id for *_rest, author, _sup in view["activities"].values())
    finally:
        rep.close()


def test_server_killed_mid_batch_and_restarted(server: ServerProcess, team_name: str, tmp_path: Path) -> None:
    make_team(server, team_name, [f"{team_name}-rep-a"], f"{team_name}-lead")
    kills: list[threading.Timer] = []
    restarted = threading.Event()
    proxy = FaultProxy(server.port)

    def kill_mid_push(path: str) -> None:
        # The batch is on the wire; a few milliseconds later the server dies mid-transaction.
        if path.endswith("/sync/push") and len(kills) < 2:
            timer = threading.Timer(0.005 * (len(kills) + 1), lambda: (server.kill(), server.start(), restarted.set()))
            kills.append(timer)
            timer.start()

    # Enough retries to outlast a restart (a few seconds on a busy machine).
    rep = Workstation(tmp_path / "rep-a", proxy.url, f"{team_name}-rep-a", batch_size=60, attempts=40)
    try:
        _leads, activity_ids = trade_show(rep, leads=10, touches=300, rng=random.Random(2))
        proxy.on_forward = kill_mid_push
        report = rep.sync()
        assert restarted.wait(30) and len(kills) == 2
        assert report.pending == 0 and report.rejected == 0
        on_server = server_activity_ids(server)
        assert len(on_server) == len(set(on_server))
        assert set(activity_ids) <= set(on_server)
        proxy.on_forward = None
        assert snapshot(rep) == server_view(tmp_path / "fresh", proxy.url, f"{team_name}-rep-a")
    finally:
        for timer in kills:
            timer.join()
        rep.close()
        proxy.close()


def test_same_field_edited_offline_on_two_workstations_last_writer_wins(
    server: ServerProcess, proxy: FaultProxy, team_name: str, tmp_path: Path
) -> None:
    staff = make_team(server, team_name, [f"{team_name}-rep-a"], f"{team_name}-lead")
    rep = Workstation(tmp_path / "rep-a", proxy.url, f"{team_name}-rep-a")
    lead_ws = Workstation(tmp_path / "lead", proxy.url, staff.lead[0])
    try:
        lead = Lead(id=new_id(), full_name="lead-1")
        rep.book.create_lead(lead)
        rep.sync()
        lead_ws.sync()
        rep.book.patch_lead(lead.id, {"title": "older title", "tags": ["trade-show"]})
        lead_ws.book.patch_lead(lead.id, {"title": "newer title"})  # later clock
        lead_ws.sync()
        report = rep.sync()
        assert report.conflicts == 1 and report.pending == 0
        lead_ws.sync()
        for station in (rep, lead_ws):
            got = station.book.lead(lead.id)
            assert (got.title, got.tags) == ("newer title", ["trade-show"])
    finally:
        rep.close()
        lead_ws.close()


def test_reassigned_lead_is_revoked_but_offline_calls_on_it_are_credited(
    server: ServerProcess, proxy: FaultProxy, team_name: str, tmp_path: Path
) -> None:
    staff = make_team(server, team_name, [f"{team_name}-rep-a", f"{team_name}-rep-b"], f"{team_name}-lead")
    rep_a = Workstation(tmp_path / "rep-a", proxy.url, f"{team_name}-rep-a")
    rep_b = Workstation(tmp_path / "rep-b", proxy.url, f"{team_name}-rep-b")
    lead_ws = Workstation(tmp_path / "lead", proxy.url, staff.lead[0])
    try:
        lead = Lead(id=new_id(), full_name="lead-1")
        rep_a.book.create_lead(lead)
        rep_a.sync()
        offline = [touch(lead.id, n) for n in range(3)]
        for activity in offline:
            rep_a.book.log_activity(activity)  # at the trade show, no network
        lead_ws.sync()
        with lead_ws.cache.transaction() as session:
            lead_ws.book.outbox.record(session, *_reassign(lead.id, staff.reps[f"{team_name}-rep-b"]))
        assert lead_ws.sync().pushed == 1
        report = rep_a.sync()
        assert report.rejected == 0 and report.pending == 0
        assert lead.id not in rep_a.rows(LeadRow) and rep_a.rows(ActivityRow) == {}
        rep_b.sync()
        got = rep_b.rows(ActivityRow)
        assert set(got) == {a.id for a in offline}
        assert {r.author_id for r in got.values()} == {rep_a.user_id}
        assert rep_b.book.lead(lead.id).owner_id == rep_b.user_id
        assert rep_b.rows(LeadRow)[lead.id].attempts == 3
    finally:
        for station in (rep_a, rep_b, lead_ws):
            station.close()


def _reassign(lead_id: str, owner_id: str) -> tuple:
    from sdr_desk.core.entities import EntityKind

    return EntityKind.LEAD, lead_id, OpKind.COMMAND, {"command": "reassign", "owner_id": owner_id}


def test_hand_off_stage_comes_back_from_the_server(server: ServerProcess, proxy: FaultProxy, team_name: str, tmp_path: Path) -> None:
    make_team(server, team_name, [f"{team_name}-rep-a"], f"{team_name}-lead")
    rep = Workstation(tmp_path / "rep-a", proxy.url, f"{team_name}-rep-a")
    try:
        lead = Lead(id=new_id(), full_name="lead-1")
        rep.book.create_lead(lead)
        rep.book.log_activity(touch(lead.id, 1))
        from sdr_desk.core.entities import EntityKind

        with rep.cache.transaction() as session:
            rep.book.outbox.record(session, EntityKind.LEAD, lead.id, OpKind.COMMAND, {"command": "hand_off", "stage": "mql"})
        report = rep.sync()
        assert report.rejected == 0
        got = rep.rows(LeadRow)[lead.id]
        assert got.stage == Stage.MQL and got.owner_id == rep.user_id and got.first_touch_at == T0 + timedelta(minutes=1)
    finally:
        rep.close()


def test_upgrade_required_from_the_real_server_stops_and_keeps_the_outbox(
    server: ServerProcess, proxy: FaultProxy, team_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sdr_desk.sync import client as client_module
    from sdr_desk.sync.client import UpgradeRequired

    make_team(server, team_name, [f"{team_name}-rep-a"], f"{team_name}-lead")
    rep = Workstation(tmp_path / "rep-a", proxy.url, f"{team_name}-rep-a")
    try:
        rep.book.create_lead(Lead(id=new_id(), full_name="lead-1"))
        monkeypatch.setattr(client_module, "SCHEMA_VERSION", 0)  # a workstation from before schema 1
        with pytest.raises(UpgradeRequired, match="newer SDR Desk"):
            rep.sync()
        assert len(rep.outbox()) == 1
    finally:
        rep.close()


def test_server_down_is_offline_not_a_crash(server: ServerProcess, team_name: str, tmp_path: Path) -> None:
    make_team(server, team_name, [f"{team_name}-rep-a"], f"{team_name}-lead")
    proxy = FaultProxy(server.port)
    rep = Workstation(tmp_path / "rep-a", proxy.url, f"{team_name}-rep-a", attempts=4)
    try:
        rep.book.create_lead(Lead(id=new_id(), full_name="lead-1"))
        proxy.planned = [RESET] * 100
        with pytest.raises(ServerUnreachable, match="unreachable"):
            rep.sync()
        assert len(rep.outbox()) == 1
        proxy.planned = []
        assert rep.sync().pushed == 1
    finally:
        rep.close()
        proxy.close()


def test_a_note_no_database_can_store_is_held_back_alone(server: ServerProcess, proxy: FaultProxy, team_name: str, tmp_path: Path) -> None:
    make_team(server, team_name, [f"{team_name}-rep-a"], f"{team_name}-lead")
    rep = Workstation(tmp_path / "rep-a", proxy.url, f"{team_name}-rep-a", batch_size=50)
    try:
        lead = Lead(id=new_id(), full_name="lead-1")
        rep.book.create_lead(lead)
        good = [touch(lead.id, n) for n in range(20)]
        bad = Activity(id=new_id(), lead_id=lead.id, channel=Channel.NOTE, outcome=Outcome.NOTED,
                       occurred_at=T0, notes="pasted from a PDF\x00 with a NUL in it")
        for activity in good[:10]:
            rep.book.log_activity(activity)
        rep.book.log_activity(bad)
        for activity in good[10:]:
            rep.book.log_activity(activity)
        report = rep.sync()
        assert (report.pushed, report.rejected, report.pending) == (21, 1, 0)
        (held,) = rep.client.rejected_ops()
        assert held.entity_id == bad.id and held.reject_reason.startswith("invalid_request")
        assert {a.id for a in good} <= set(server_activity_ids(server))
    finally:
        rep.close()


def test_a_lost_answer_to_a_token_refresh_does_not_sign_the_rep_out(
    server: ServerProcess, proxy: FaultProxy, team_name: str, tmp_path: Path
) -> None:
    """The refresh reached the server and rotated the token; the answer was lost. The client
    retries with the token it holds and must stay signed in, its calls pushed."""
    make_team(server, team_name, [f"{team_name}-rep-a"], f"{team_name}-lead")
    rep = Workstation(tmp_path / "rep-a", proxy.url, f"{team_name}-rep-a")
    try:
        _leads, activity_ids = trade_show(rep, leads=3, touches=12, rng=random.Random(3))
        rep.client._access = None  # as after a restart: only the refresh token is kept (in the keyring)
        proxy.planned_refresh = [DROP_RESPONSE, DROP_RESPONSE]
        report = rep.sync()
        assert proxy.planned_refresh == [] and proxy.faults_applied() == [DROP_RESPONSE, DROP_RESPONSE]
        assert report.pending == 0 and rep.outbox() == []
        assert set(activity_ids) <= set(server_activity_ids(server))
        assert rep.client.tokens.load()  # still signed in
    finally:
        rep.close()
