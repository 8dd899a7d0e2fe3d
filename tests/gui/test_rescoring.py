"""Stale scores are recomputed in the background and the queue follows them."""

from __future__ import annotations

from sdr_desk.gui.rescoring import ScoreKeeper, install_rescoring
from sdr_desk.store.tables import LeadRow


def _scores(window) -> dict[str, tuple[int, str | None]]:  # noqa: ANN001
    cache = window.desk.cache
    with cache.session() as session:
        return {r.id: (r.score_total, r.score_rules) for r in session.query(LeadRow)}


def test_unscored_leads_are_scored_in_the_background_and_reranked(qtbot, window) -> None:  # noqa: ANN001
    before = _scores(window)
    assert all(rules is None for _total, rules in before.values())  # fresh leads were never scored
    with qtbot.waitSignal(window.queue_loaded, timeout=20_000):  # the re-rank that follows the pass
        keeper = install_rescoring(window)
    assert isinstance(keeper, ScoreKeeper) and not keeper.busy
    after = _scores(window)
    assert all(rules is not None for _total, rules in after.values())
    assert any(total != 0 for total, _rules in after.values())
    assert install_rescoring(window) is keeper  # installed once
    # The displayed score column comes from the stored scores now.
    model = window.queue_model
    for row in range(model.rowCount()):
        model.data(model.index(row, 0))  # asks for the rows, as the view does
    qtbot.waitUntil(lambda: all(model.loaded(r) is not None for r in range(model.rowCount())), timeout=10_000)
    shown = {model.loaded(r).lead_id: model.loaded(r).score for r in range(model.rowCount())}
    assert shown and all(shown[i] == after[i][0] for i in shown)


def test_an_edit_makes_a_score_stale_and_the_next_check_redoes_it(qtbot, window) -> None:  # noqa: ANN001
    keeper = install_rescoring(window)
    qtbot.waitUntil(lambda: not keeper.busy and all(r for _t, r in _scores(window).values()), timeout=20_000)
    lead_id = next(iter(_scores(window)))
    done = []
    window.runner.run(lambda: window.desk.book.patch_lead(lead_id, {"title": "Chief Executive Officer"}), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert _scores(window)[lead_id][1] is None
    with qtbot.waitSignal(keeper.finished, timeout=20_000) as finished:
        keeper.check()
    assert finished.args == [1]
    assert _scores(window)[lead_id][1] is not None


def test_a_big_pass_scores_in_worker_processes_beside_the_worker_and_the_queue_follows(qtbot, window) -> None:  # noqa: ANN001
    import multiprocessing

    # Any pass counts as big here, so this small book takes the path a rules change takes.
    keeper = ScoreKeeper(window, check_every_ms=3_600_000, side_pass_from=1, processes=2)
    children: list[int] = []
    keeper.progress.connect(lambda _done, _total: children.append(len(multiprocessing.active_children())))
    with qtbot.waitSignal(keeper.finished, timeout=60_000) as finished:
        keeper.check()
    after = _scores(window)
    assert finished.args == [len(after)] and not keeper.busy
    assert all(rules is not None for _total, rules in after.values())
    assert children and max(children) >= 1  # scored in other processes
    # The queue re-read the stored scores: what a row shows is what was stored.
    model = window.queue_model
    for row in range(model.rowCount()):
        model.data(model.index(row, 0))
    qtbot.waitUntil(lambda: all(model.loaded(r) is not None for r in range(model.rowCount())), timeout=10_000)
    assert all(model.loaded(r).score == after[model.loaded(r).lead_id][0] for r in range(model.rowCount()))


def test_closing_stops_the_keeper_before_the_cache_closes(qtbot, window) -> None:  # noqa: ANN001
    keeper = ScoreKeeper(window, check_every_ms=3_600_000, side_pass_from=1, processes=2)
    with qtbot.waitSignal(keeper.finished, timeout=60_000):
        keeper.check()
    window.runner.stop_side_work()  # what Desktop.shutdown does first
    keeper.check()
    assert not keeper.busy  # stopped: no new pass starts
