"""Three reps and a team lead work on and off line, through a faulty network, against one real
server: after a final sync every workstation equals the server's view of its scope, and every
call logged is on the server exactly once (or, refused, in its rep's "needs attention")."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test
from sqlalchemy import select

from sdr_desk.core.entities import Activity, Channel, CriterionAnswer, CriterionStatus, EntityKind, Lead, OpKind, Outcome, Step
from sdr_desk.core.ids import new_id
from sdr_desk.store.lead_work import LeadWork
from sdr_desk.store.tables import LeadRow, QualificationRow
from tests.e2e.harness import FaultProxy, ServerProcess, Workstation, make_team, server_view, snapshot

REPS = ("rep-a", "rep-b", "rep-c")
PEOPLE = (*REPS, "lead")
T0 = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
_runs = itertools.count(1)
SEEN: dict[str, int] = {}  # what the examples exercised, so the test cannot pass vacuously


def seen(what: str, n: int = 1) -> None:
    SEEN[what] = SEEN.get(what, 0) + n


def machine(server: ServerProcess, root: Path) -> type[RuleBasedStateMachine]:
    class TradeShowWeek(RuleBasedStateMachine):
        @initialize()
        def hire(self) -> None:
            run = next(_runs)
            self.folder = root / f"run-{run}"
            team = f"sm-{run}-{id(self)}"
            self.names = {p: f"{team}-{p}" for p in PEOPLE}
            staff = make_team(server, team, [self.names[r] for r in REPS], self.names["lead"])
            self.user_ids = {**{r: staff.reps[self.names[r]] for r in REPS}, "lead": staff.lead[1]}
            self.proxy = FaultProxy(server.port, seed=run, rate=0.15, delay_s=0.05)
            self.ws = {p: Workstation(self.folder / p, self.proxy.url, self.names[p], batch_size=7) for p in PEOPLE}
            self.online = set(PEOPLE)
            self.calls: dict[str, str] = {}  # activity id -> who logged it
            self.clock = itertools.count()
            # Monday morning: each rep has two leads and everyone has synced once.
            for rep in REPS:
                for _ in range(2):
                    self.ws[rep].book.create_lead(Lead(id=new_id(), full_name=f"lead-{next(self.clock)}"))
            for who in PEOPLE:
                self.ws[who].sync()
            seen("examples")

        def teardown(self) -> None:
            for station in getattr(self, "ws", {}).values():
                station.close()
            if hasattr(self, "proxy"):
                self.proxy.close()

        def _leads(self, who: str) -> list[str]:
            return sorted(self.ws[who].rows(LeadRow))

        def _at(self) -> datetime:
            return T0 + timedelta(minutes=next(self.clock))

        @rule(who=st.sampled_from(PEOPLE), work=st.lists(
            st.tuples(st.sampled_from(["new_lead", "call", "edit", "qualify"]), st.integers(0, 50), st.sampled_from("abc")),
            min_size=1, max_size=5))
        def a_stretch_of_work(self, who: str, work: list[tuple[str, int, str]]) -> None:
            """A few things a rep (or the team lead) does between two looks at the network.

            A team lead does not call: their work is editing and moving leads between reps."""
            for action, pick, value in work:
                if who == "lead" and action != "edit":
                    self.reassign(pick, None if value == "c" else REPS[pick % len(REPS)])
                    continue
                if action == "new_lead":
                    self.ws[who].book.create_lead(Lead(id=new_id(), full_name=f"lead-{next(self.clock)}"))
                    continue
                leads = self._leads(who)
                if not leads:
                    continue
                lead_id = leads[pick % len(leads)]
                if action == "call":
                    activity = Activity(id=new_id(), lead_id=lead_id, channel=Channel.PHONE,
                                        outcome=[Outcome.NO_ANSWER, Outcome.CONNECTED, Outcome.MEETING_BOOKED][pick % 3],
                                        occurred_at=self._at(), step=Step.REACH)
                    self.ws[who].book.log_activity(activity)
                    self.calls[activity.id] = who
                    seen("calls")
                elif action == "edit":
                    field = ["title", "next_touch_note", "tags"][pick % 3]
                    self.ws[who].book.patch_lead(lead_id, {field: [value] if field == "tags" else f"{who}:{value}"})
                    seen("edits")
                elif action == "qualify":
                    LeadWork(self.ws[who].book).save_qualification(
                        lead_id, "mantcp",
                        {"money": CriterionAnswer(status=CriterionStatus.YES, evidence="budget approved for next quarter")},
                        at=self._at(),
                    )
                    seen("qualifications")

        @rule(pick=st.integers(0, 50), to=st.sampled_from([*REPS, None]))
        def reassign(self, pick: int, to: str | None) -> None:
            leads = self._leads("lead")
            if leads:
                station = self.ws["lead"]
                owner = self.user_ids[to] if to else None
                with station.cache.transaction() as session:
                    station.book.outbox.record(session, EntityKind.LEAD, leads[pick % len(leads)], OpKind.COMMAND,
                                               {"command": "reassign", "owner_id": owner})
                seen("reassigns")

        @rule(who=st.sampled_from(PEOPLE))
        def go_offline_or_back(self, who: str) -> None:
            self.online ^= {who}
            seen("steps")

        @precondition(lambda self: bool(self.online))
        @rule(data=st.data())
        def sync(self, data: st.DataObject) -> None:
            who = data.draw(st.sampled_from(sorted(self.online)))
            seen("steps")
            report = self.ws[who].sync()
            seen("conflicts", report.conflicts)
            seen("rejected", report.rejected)

        @invariant()
        def outbox_and_rows_agree(self) -> None:
            # Every pending call or qualification still has its row (nothing half-written).
            for station in self.ws.values():
                for op in station.outbox():
                    if op.kind == OpKind.APPEND and op.entity == EntityKind.QUALIFICATION:
                        with station.cache.session() as session:
                            assert session.get(QualificationRow, op.entity_id) is not None or op.fields["lead_id"] not in station.rows(LeadRow)

        def final_check(self) -> None:
            self.proxy.rate = 0.0
            seen("faults", len(self.proxy.faults_applied()))
            self.online = set(PEOPLE)
            refused: dict[str, str] = {}
            for _round in range(2):
                for who in PEOPLE:
                    self.ws[who].sync()
            for who in PEOPLE:
                client = self.ws[who].client
                for op in client.rejected_ops():
                    seen("discarded")
                    if op.entity == EntityKind.ACTIVITY:
                        refused[op.entity_id] = who
                    client.discard_rejected(op.op_id)  # the rep gives up what the server refused
            for who in PEOPLE:
                self.ws[who].sync()
            for who in PEOPLE:
                assert self.ws[who].outbox() == []
                view = server_view(self.folder / f"fresh-{who}-{next(self.clock)}", self.proxy.url, self.names[who], signed_in=self.ws[who])
                assert snapshot(self.ws[who]) == view, who
            on_server = self._server_calls()
            assert len(on_server) == len(set(on_server)), "an activity was duplicated"
            assert set(on_server) | set(refused) == set(self.calls), "an activity was lost"
            assert not set(on_server) & set(refused)

        def _server_calls(self) -> list[str]:
            from sdr_desk.server import tables as t

            engine = server.engine()
            try:
                with engine.connect() as conn:
                    ids = list(self.calls)
                    return [i for i in conn.execute(select(t.records.c.id).where(t.records.c.entity == "activity", t.records.c.id.in_(ids))).scalars()]
            finally:
                engine.dispose()

    return TradeShowWeek


def test_reps_and_team_lead_converge(server: ServerProcess, tmp_path: Path) -> None:
    cls = machine(server, tmp_path)

    class Checked(cls):  # type: ignore[misc, valid-type]
        def teardown(self) -> None:
            try:
                if hasattr(self, "ws"):
                    self.final_check()
            finally:
                super().teardown()

    SEEN.clear()
    run_state_machine_as_test(
        Checked,
        settings=settings(max_examples=3, stateful_step_count=30, deadline=None, derandomize=True,
                          suppress_health_check=list(HealthCheck), database=None),
    )
    print(SEEN)
    for what in ("calls", "edits", "qualifications", "reassigns", "faults"):
        assert SEEN.get(what, 0) > 0, f"no example exercised {what}: {SEEN}"
