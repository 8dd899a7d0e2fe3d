"""The call-queue model: a well-behaved Qt model whose rows arrive lazily, off the UI thread."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from sdr_desk.gui.models import queue_model
from sdr_desk.gui.models.queue_model import LEAD_ID_ROLE, Column, QueueModel
from sdr_desk.gui.tasks import TaskRunner
from sdr_desk.store.queue import CallQueue, QueueFilter
from sdr_desk.store.repositories import SalesBook
from tests.gui.conftest import NOW, PROSPECTS, add_prospects


@pytest.fixture
def runner(qtbot) -> Iterator[TaskRunner]:  # noqa: ANN001
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


@pytest.fixture
def call_queue(book: SalesBook) -> CallQueue:
    add_prospects(book)
    return CallQueue(book.cache, book.rep_id())


@pytest.fixture
def fetches() -> list[list[str]]:
    return []


@pytest.fixture
def model(qtbot, runner: TaskRunner, call_queue: CallQueue, fetches: list[list[str]]) -> QueueModel:  # noqa: ANN001
    def load(ids, done):  # noqa: ANN001
        fetches.append(list(ids))
        runner.run(lambda: call_queue.rows(ids), done)

    m = QueueModel(load, clock=lambda: NOW)
    m.set_ranking(call_queue.rank(QueueFilter(), NOW))
    return m


def _load_all(qtbot, model: QueueModel) -> None:  # noqa: ANN001
    for r in range(model.rowCount()):
        model.index(r, Column.NAME).data()  # what a view does while painting
    qtbot.waitUntil(lambda: all(model.loaded(r) is not None for r in range(model.rowCount())))


def _names(model: QueueModel) -> list[str]:
    return [model.index(r, Column.NAME).data() for r in range(model.rowCount())]


def test_passes_the_qt_model_checks_before_and_after_rows_load(qtbot, qtmodeltester, model: QueueModel) -> None:  # noqa: ANN001
    qtmodeltester.check(model, force_py=True)
    qtbot.waitUntil(lambda: all(model.loaded(r) is not None for r in range(model.rowCount())))
    qtmodeltester.check(model, force_py=True)
    assert sorted(_names(model)) == sorted(p[0] for p in PROSPECTS)


def test_rows_follow_the_ranking_and_show_a_placeholder_until_loaded(qtbot, model: QueueModel, call_queue: CallQueue) -> None:  # noqa: ANN001
    ranked = call_queue.rank(QueueFilter(), NOW)
    assert model.rowCount() == len(PROSPECTS)
    assert [model.index(r, 0).data(LEAD_ID_ROLE) for r in range(model.rowCount())] == [r.lead_id for r in ranked]
    assert model.index(0, Column.NAME).data() == "…"  # nothing fetched on the UI thread
    assert model.index(0, Column.PRIORITY).data() == f"{ranked[0].priority:.0f}"
    qtbot.waitSignal(model.dataChanged, timeout=5000).wait()  # the rows asked for above arrive from the worker
    first = call_queue.rows([ranked[0].lead_id])[ranked[0].lead_id]
    assert model.index(0, Column.NAME).data() == first.full_name
    assert model.index(0, Column.COMPANY).data() == first.company


def test_fetches_only_the_chunk_being_looked_at(qtbot, monkeypatch, model: QueueModel, fetches: list[list[str]]) -> None:  # noqa: ANN001
    monkeypatch.setattr(queue_model, "CHUNK", 3)
    model.index(4, Column.NAME).data()  # rows 3..5 are the second chunk
    qtbot.waitUntil(lambda: model.loaded(4) is not None)
    assert fetches == [[model.lead_id(r) for r in (3, 4, 5)]]
    assert model.loaded(0) is None and model.loaded(6) is None
    model.index(4, Column.TITLE).data()
    assert len(fetches) == 1  # cached: asking again does not touch the database


def test_local_time_and_sla_countdown(qtbot, model: QueueModel) -> None:  # noqa: ANN001
    _load_all(qtbot, model)
    by_name = {model.index(r, Column.NAME).data(): r for r in range(model.rowCount())}
    wang, anna, marcus = by_name["Wang Fang"], by_name["Anna Keller"], by_name["Marcus Reed"]
    # 09:00 UTC on a Wednesday is 17:00 in Shanghai and 10:00 in Berlin.
    assert model.index(wang, Column.LOCAL_TIME).data() == "17:00 Wed"
    assert model.index(anna, Column.LOCAL_TIME).data() == "10:00 Wed"
    assert model.index(wang, Column.SLA).data() == "overdue 30 min"
    assert model.index(wang, Column.SLA).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert model.index(anna, Column.SLA).data() == "in 10 min"
    assert model.index(marcus, Column.SLA).data() == "—"


def test_tick_moves_the_clock_and_invalidate_refetches(qtbot, runner: TaskRunner, call_queue: CallQueue, book: SalesBook) -> None:  # noqa: ANN001
    now = [NOW]
    model = QueueModel(lambda ids, done: runner.run(lambda: call_queue.rows(ids), done), clock=lambda: now[0])
    model.set_ranking(call_queue.rank(QueueFilter(), NOW))
    _load_all(qtbot, model)
    anna = next(r for r in range(model.rowCount()) if model.index(r, Column.NAME).data() == "Anna Keller")
    now[0] = NOW + timedelta(minutes=25)
    with qtbot.waitSignal(model.dataChanged):
        model.tick()
    assert model.index(anna, Column.SLA).data() == "overdue 15 min"

    lead_id = model.lead_id(anna)
    book.patch_lead(lead_id, {"title": "Chief Marketing Officer"})
    model.invalidate([lead_id])
    assert model.loaded(anna) is None
    model.index(anna, Column.TITLE).data()
    qtbot.waitUntil(lambda: model.index(anna, Column.TITLE).data() == "Chief Marketing Officer")
