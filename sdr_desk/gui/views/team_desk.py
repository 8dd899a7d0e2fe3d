"""The Team desk: the team's activity log, the funnel beside the benchmarks (with charts),
speed-to-lead and SLA compliance, workload; and the team lead's actions on leads and reps.

Everything is read from the cache on the worker (window.runner); the desk works offline.
A team lead sees every rep; an SDR sees their own funnel beside the team's median and the
benchmarks, and only their own touches in the log.

    install_team_desk(window)   # a "Team" menu with the desk (Ctrl+Shift+T) and, on the demo
                                # book, the switch between its rep and its team lead
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sdr_desk.core import funnel
from sdr_desk.core.entities import Channel, Outcome, Step, UserRole
from sdr_desk.core.funnel import FunnelCounts, Period, Ratio, SlaTally, SpeedToLead
from sdr_desk.gui import formatting
from sdr_desk.gui.models.team_models import (
    ROWS_PER_FETCH,
    ActivityLogModel,
    FiguresModel,
    FunnelModel,
    WorkloadModel,
    step_title,
)
from sdr_desk.gui.tasks import TaskFailed, TaskRunner
from sdr_desk.store.reports import LogFilter, LogRow, Member, TeamReports, Workload
from sdr_desk.store.team_work import TeamActionRefused, TeamWork

PERIOD_DAYS = (7, 30, 90, 180)
DEFAULT_PERIOD = 90
FILTER_DELAY_MS = 150
ANY_DATE = QDate(2000, 1, 1)  # the date edits' "any" value (shown as special text)


@dataclass
class DeskFigures:
    """What the desk shows besides the log, read in one go on the worker."""

    me: str
    role: str
    roster: list[Member]
    names: dict[str, str]
    by_rep: dict[str, FunnelCounts]
    median: dict[Ratio, float | None]
    total: FunnelCounts
    trend: list[tuple[date, FunnelCounts]]
    speed: dict[str, SpeedToLead]
    sla_by_rep: dict[str, SlaTally]
    sla_by_source: dict[str, SlaTally]
    workload: list[Workload]
    pool: int
    pending: set[str] = field(default_factory=set)
    demo: tuple[str, str] | None = None

    @property
    def is_sdr(self) -> bool:
        return self.role == UserRole.SDR.value


def load_figures(reports: TeamReports, work: TeamWork, period: Period, now: datetime) -> DeskFigures:
    me = work.book.rep_id()
    role = work.current_role()
    roster = reports.roster()
    by_rep = reports.funnel_by_rep(period)
    by_rep.pop("", None)
    names = {m.id: m.name for m in roster}
    for rep in by_rep:
        names.setdefault(rep, rep)
    median = funnel.team_median(by_rep)
    total = funnel.total(by_rep.values())
    sdr = role == UserRole.SDR.value
    trend = reports.weekly_trend(period, me if sdr else None)
    speed = reports.speed_to_lead(period)
    sla_by_rep, sla_by_source = reports.sla(period, now)
    workload, pool = reports.workload()
    if sdr:
        by_rep = {me: by_rep.get(me, FunnelCounts())}
        speed = {k: v for k, v in speed.items() if k == me}
        sla_by_rep = {k: v for k, v in sla_by_rep.items() if k == me}
        sla_by_source = {}
    return DeskFigures(me, role, roster, names, by_rep, median, total, trend, speed, sla_by_rep, sla_by_source,
                       workload, pool, work.pending_ids(), work.demo_users())


def load_log_page(reports: TeamReports, flt: LogFilter) -> tuple[list[str], dict[str, LogRow]]:
    ids = reports.log_ids(flt, ROWS_PER_FETCH)
    return ids, reports.log_rows(ids[:200])


def _table(model: Any, parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setTabKeyNavigation(False)
    return view


class TeamDesk(QWidget):
    """The desk as its own window; `open_lead_requested` asks the main window to show a lead."""

    open_lead_requested = Signal(str)
    leads_changed = Signal(object)  # set of lead ids an action changed (shown as pending)
    figures_shown = Signal()
    log_shown = Signal(int)  # rows in the log's first page

    def __init__(self, runner: TaskRunner, book: Any, clock: Any, parent: QWidget | None = None,
                 ops: Any = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("teamDesk")
        self.runner = runner
        self.book = book
        self.clock = clock
        self.reports = TeamReports(book.cache)
        self.work = TeamWork(book)
        self.ops = ops  # in the window, actions go through the desk so the queue and every view follow
        self.figures: DeskFigures | None = None
        self.shown_filter: LogFilter | None = None  # what the log on screen was filtered by
        self._figures_serial = 0
        self._log_serial = 0
        self.resize(1100, 700)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.period_label = QLabel(self)
        self.period_combo = QComboBox(self)
        self.period_combo.setObjectName("periodCombo")
        for _days in PERIOD_DAYS:
            self.period_combo.addItem("")
        self.period_combo.setCurrentIndex(PERIOD_DAYS.index(DEFAULT_PERIOD))
        self.period_label.setBuddy(self.period_combo)
        self.role_label = QLabel(self)
        self.role_label.setObjectName("roleLabel")
        self.refresh_button = QPushButton(self)
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        top.addWidget(self.period_label)
        top.addWidget(self.period_combo)
        top.addStretch(1)
        top.addWidget(self.role_label)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("teamTabs")
        layout.addWidget(self.tabs)
        self._build_log_tab()
        self._build_funnel_tab()
        self._build_sla_tab()
        self._build_workload_tab()

        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.refresh_log)
        self.period_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self._retranslate()

    # --- building --------------------------------------------------------------------------------

    def _build_log_tab(self) -> None:
        page = QWidget(self)
        v = QVBoxLayout(page)
        bar = QHBoxLayout()
        self.rep_combo = QComboBox(page)
        self.rep_combo.setObjectName("repFilter")
        self._rep_choices: list[str | None] = [None]
        self.rep_combo.addItem("")
        self.since_edit = self._date_edit(page, "sinceFilter")
        self.until_edit = self._date_edit(page, "untilFilter")
        self.channel_combo = QComboBox(page)
        self.channel_combo.setObjectName("channelFilter")
        self.step_combo = QComboBox(page)
        self.step_combo.setObjectName("stepFilter")
        self.outcome_combo = QComboBox(page)
        self.outcome_combo.setObjectName("outcomeFilter")
        self._choices: dict[QComboBox, tuple[Any, ...]] = {
            self.channel_combo: (None, *Channel),
            self.step_combo: (None, *Step),
            self.outcome_combo: (None, *(o for o in Outcome if o is not Outcome.RETRACTED)),
        }
        for combo, values in self._choices.items():
            for _v in values:
                combo.addItem("")
            combo.currentIndexChanged.connect(lambda _i: self._filter_timer.start())
        self.rep_combo.currentIndexChanged.connect(lambda _i: self._filter_timer.start())
        self.lead_edit = QLineEdit(page)
        self.lead_edit.setObjectName("leadFilter")
        self.lead_edit.setClearButtonEnabled(True)
        self.lead_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self._filter_labels = [QLabel(page) for _ in range(7)]
        for label, widget in zip(self._filter_labels, (self.rep_combo, self.since_edit, self.until_edit, self.channel_combo,
                                                       self.step_combo, self.outcome_combo, self.lead_edit), strict=True):
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        v.addLayout(bar)
        self.log_model = ActivityLogModel(self._load_rows, self._load_more, self)
        self.log_view = _table(self.log_model, page, "activityLog")
        self.log_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.log_view.activated.connect(self._open_entry)
        self.log_empty = QLabel(page)
        self.log_empty.setObjectName("logEmpty")
        self.log_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.log_empty.hide()
        v.addWidget(self.log_view, 1)
        v.addWidget(self.log_empty, 1)
        actions = QHBoxLayout()
        self.log_count = QLabel(page)
        self.log_count.setObjectName("logCount")
        self.open_button = QPushButton(page)
        self.reassign_button = QPushButton(page)
        self.reassign_button.setObjectName("reassignButton")
        self.claim_button = QPushButton(page)
        self.accept_button = QPushButton(page)
        self.open_button.clicked.connect(lambda: self._open_entry(self.log_view.currentIndex()))
        self.reassign_button.clicked.connect(self._ask_reassign)
        self.claim_button.clicked.connect(self._claim_selected)
        self.accept_button.clicked.connect(self._ask_acceptance)
        actions.addWidget(self.log_count)
        actions.addStretch(1)
        for b in (self.open_button, self.claim_button, self.reassign_button, self.accept_button):
            actions.addWidget(b)
        v.addLayout(actions)
        self.log_page = page
        self.tabs.addTab(page, "")

    def _date_edit(self, parent: QWidget, name: str) -> QDateEdit:
        edit = QDateEdit(parent)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(ANY_DATE)
        edit.setDate(ANY_DATE)
        edit.dateChanged.connect(lambda _d: self._filter_timer.start())
        return edit

    def _chart_view(self, parent: QWidget, name: str) -> QChartView:
        chart = QChart()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        view = QChartView(chart, parent)
        view.setObjectName(name)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(220)
        return view

    def _build_funnel_tab(self) -> None:
        page = QWidget(self)
        v = QVBoxLayout(page)
        self.funnel_model = FunnelModel(self)
        self.funnel_view = _table(self.funnel_model, page, "funnelTable")
        self.funnel_empty = QLabel(page)
        self.funnel_empty.setObjectName("funnelEmpty")
        self.funnel_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.funnel_empty.hide()
        v.addWidget(self.funnel_view, 1)
        v.addWidget(self.funnel_empty)
        self.charts = QWidget(page)
        self.charts.setObjectName("funnelCharts")
        charts = QHBoxLayout(self.charts)
        self.bars_view = self._chart_view(self.charts, "funnelBars")
        self.trend_view = self._chart_view(self.charts, "weeklyTrend")
        charts.addWidget(self.bars_view)
        charts.addWidget(self.trend_view)
        v.addWidget(self.charts, 1)
        buttons = QHBoxLayout()
        self.png_button = QPushButton(page)
        self.csv_button = QPushButton(page)
        self.png_button.clicked.connect(self._ask_png)
        self.csv_button.clicked.connect(self._ask_csv)
        buttons.addStretch(1)
        buttons.addWidget(self.png_button)
        buttons.addWidget(self.csv_button)
        v.addLayout(buttons)
        self.tabs.addTab(page, "")

    def _build_sla_tab(self) -> None:
        page = QWidget(self)
        v = QVBoxLayout(page)
        self.speed_label = QLabel(page)
        self.speed_label.setObjectName("speedSummary")
        self.speed_label.setWordWrap(True)
        v.addWidget(self.speed_label)
        self.distribution_model = FiguresModel(self)
        self.sla_rep_model = FiguresModel(self)
        self.sla_source_model = FiguresModel(self)
        v.addWidget(_table(self.distribution_model, page, "speedDistribution"))
        v.addWidget(_table(self.sla_rep_model, page, "slaByRep"))
        v.addWidget(_table(self.sla_source_model, page, "slaBySource"))
        self.tabs.addTab(page, "")

    def _build_workload_tab(self) -> None:
        page = QWidget(self)
        v = QVBoxLayout(page)
        self.workload_model = WorkloadModel(self)
        self.workload_view = _table(self.workload_model, page, "workload")
        self.pool_label = QLabel(page)
        self.pool_label.setObjectName("poolLabel")
        v.addWidget(self.workload_view, 1)
        buttons = QHBoxLayout()
        self.away_button = QPushButton(page)
        self.back_button = QPushButton(page)
        self.away_button.clicked.connect(lambda: self._set_away(True))
        self.back_button.clicked.connect(lambda: self._set_away(False))
        buttons.addWidget(self.pool_label)
        buttons.addStretch(1)
        buttons.addWidget(self.away_button)
        buttons.addWidget(self.back_button)
        v.addLayout(buttons)
        self.workload_page = page
        self.tabs.addTab(page, "")

    # --- language ------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Team"))
        self.period_label.setText(self.tr("&Period:"))
        for i, days in enumerate(PERIOD_DAYS):
            self.period_combo.setItemText(i, self.tr("Last %1 days").replace("%1", str(days)))
        self.refresh_button.setText(self.tr("&Refresh"))
        for i, text in enumerate((self.tr("Activity &log"), self.tr("&Funnel"), self.tr("&Speed to lead and SLA"),
                                  self.tr("&Workload"))):
            self.tabs.setTabText(i, text)
        for label, text in zip(self._filter_labels, (self.tr("Rep:"), self.tr("From:"), self.tr("To:"), self.tr("Channel:"),
                                                     self.tr("Step:"), self.tr("Outcome:"), self.tr("Lead:")), strict=True):
            label.setText(text)
        self.since_edit.setSpecialValueText(self.tr("any day"))
        self.until_edit.setSpecialValueText(self.tr("any day"))
        self.lead_edit.setPlaceholderText(self.tr("name, company, e-mail or phone"))
        self.rep_combo.setItemText(0, self.tr("Everyone"))
        labels = {Channel: formatting.channel_label, Step: formatting.step_label, Outcome: formatting.outcome_label}
        for combo, values in self._choices.items():
            for i, value in enumerate(values):
                combo.setItemText(i, self.tr("Any") if value is None else labels[type(value)](value))
        self.open_button.setText(self.tr("&Open lead"))
        self.claim_button.setText(self.tr("&Claim"))
        self.reassign_button.setText(self.tr("Re-&assign…"))
        self.accept_button.setText(self.tr("Sales &accepted…"))
        self.png_button.setText(self.tr("Export &PNG…"))
        self.csv_button.setText(self.tr("Export &CSV…"))
        self.away_button.setText(self.tr("Mark a&way"))
        self.back_button.setText(self.tr("Mark &back"))
        self.log_empty.setText(self.tr("No touches match these filters."))
        self.funnel_empty.setText(self.tr("No touches in this period: nothing to count yet."))
        if self.figures is not None:
            self._show_figures(self.figures)

    # --- reading -----------------------------------------------------------------------------------

    def period(self) -> Period:
        return Period.last_days(PERIOD_DAYS[self.period_combo.currentIndex()], self.clock())

    def refresh(self) -> None:
        self._figures_serial += 1
        serial = self._figures_serial
        reports, work, period, now = self.reports, self.work, self.period(), self.clock()
        self.runner.run(lambda: load_figures(reports, work, period, now),
                        lambda figures: self._figures_arrived(serial, figures), self._failed, owner=self)
        self.refresh_log()

    def log_filter(self) -> LogFilter:
        rep = self._rep_choices[self.rep_combo.currentIndex()] if self.rep_combo.currentIndex() >= 0 else None
        if self.figures is not None and self.figures.is_sdr:
            rep = self.figures.me  # an SDR reviews only their own touches

        def day(edit: QDateEdit, plus: int = 0) -> datetime | None:
            d = edit.date()
            if d == ANY_DATE:
                return None
            return datetime.combine(date(d.year(), d.month(), d.day()), time(0), UTC) + timedelta(days=plus)

        def chosen(combo: QComboBox) -> Any:
            values = self._choices[combo]
            return values[combo.currentIndex()] if 0 <= combo.currentIndex() < len(values) else None

        return LogFilter(rep_id=rep, since=day(self.since_edit), until=day(self.until_edit, 1),
                         channel=chosen(self.channel_combo), step=chosen(self.step_combo),
                         outcome=chosen(self.outcome_combo), lead_text=self.lead_edit.text())

    def set_choice(self, combo: QComboBox, value: Any) -> None:
        """Choose a filter value (None: any), as a user would in the combo."""
        if combo is self.rep_combo:
            combo.setCurrentIndex(self._rep_choices.index(value))
        else:
            combo.setCurrentIndex(self._choices[combo].index(value))

    def refresh_log(self) -> None:
        self._filter_timer.stop()
        self._log_serial += 1
        serial = self._log_serial
        flt, reports = self.log_filter(), self.reports
        self.runner.run(lambda: load_log_page(reports, flt),
                        lambda page: self._log_arrived(serial, flt, page), self._failed, owner=self)

    def _log_arrived(self, serial: int, flt: LogFilter, page: tuple[list[str], dict[str, LogRow]]) -> None:
        if serial != self._log_serial:
            return  # the filter changed again meanwhile
        ids, rows = page
        self.shown_filter = flt
        self.log_model.set_first_page(ids, rows, len(ids) >= ROWS_PER_FETCH)
        empty = not ids
        self.log_view.setVisible(not empty)
        self.log_empty.setVisible(empty)
        self.log_count.setText(self.tr("Counting…") if ids else self.tr("No entries"))
        if ids:
            reports = self.reports
            self.runner.run(lambda: reports.log_count(flt), lambda n: self._count_arrived(serial, n), self._failed, owner=self)
        self.log_shown.emit(len(ids))

    def _count_arrived(self, serial: int, count: int) -> None:
        if serial == self._log_serial:
            self.log_count.setText(self.tr("Entries: %1").replace("%1", f"{count:,}"))

    def _load_rows(self, ids: list[str], done: Any) -> None:
        reports = self.reports
        self.runner.run(lambda: reports.log_rows(ids), done, self._failed, owner=self.log_model)

    def _load_more(self, offset: int, done: Any) -> None:
        reports, flt = self.reports, self.shown_filter or self.log_filter()
        self.runner.run(lambda: reports.log_ids(flt, ROWS_PER_FETCH, offset), done, self._failed, owner=self.log_model)

    def _figures_arrived(self, serial: int, figures: DeskFigures) -> None:
        if serial != self._figures_serial:
            return
        first = self.figures is None
        self.figures = figures
        self._show_figures(figures)
        if first and figures.is_sdr:
            self.refresh_log()  # the log narrows to the SDR's own touches
        self.figures_shown.emit()

    # --- showing -----------------------------------------------------------------------------------

    def _show_figures(self, f: DeskFigures) -> None:
        sdr = f.is_sdr
        self.role_label.setText(self.tr("Your own figures beside the team's median") if sdr else self.tr("Team lead view"))
        # Rep filter: the roster and whoever else authored touches.
        keep = self._rep_choices[self.rep_combo.currentIndex()] if self.rep_combo.currentIndex() >= 0 else None
        reps = sorted({*(m.id for m in f.roster if m.role == UserRole.SDR.value), *f.by_rep},
                      key=lambda r: f.names.get(r, r).casefold())
        self.rep_combo.blockSignals(True)
        self.rep_combo.clear()
        self._rep_choices = [None, *reps]
        self.rep_combo.addItem(self.tr("Everyone"))
        for rep in reps:
            self.rep_combo.addItem(f.names.get(rep, rep))
        self.rep_combo.setCurrentIndex(self._rep_choices.index(keep) if keep in self._rep_choices else 0)
        self.rep_combo.setEnabled(not sdr)
        self.rep_combo.blockSignals(False)
        for button in (self.reassign_button, self.accept_button, self.away_button, self.back_button):
            button.setEnabled(not sdr)
        self.claim_button.setEnabled(sdr)
        self.log_model.set_names(f.names)
        self.log_model.set_pending(f.pending)

        rows = sorted(((f.names.get(rep, rep), c) for rep, c in f.by_rep.items()), key=lambda x: x[0].casefold())
        self.funnel_model.set_funnel(rows, median=f.median, total=None if sdr else f.total)
        empty = all(c.empty for _n, c in rows)
        self.funnel_empty.setVisible(empty)
        self._draw_bars(rows)
        self._draw_trend(f.trend)

        everyone = f.speed.get("" if not sdr else f.me) or funnel.speed_to_lead([])
        if everyone.count == 0:
            self.speed_label.setText(self.tr("No inbound lead that arrived in this period has been touched yet."))
        else:
            self.speed_label.setText(
                self.tr("Arrival to first touch over %1 inbound leads: median %2, 90th percentile %3.")
                .replace("%1", str(everyone.count)).replace("%2", funnel.duration_text(everyone.median_s))
                .replace("%3", funnel.duration_text(everyone.p90_s))
            )
        self.distribution_model.set_rows(
            [self.tr("First touch within"), self.tr("Leads")],
            [[self.tr("more than %1 min").replace("%1", str(f_bound_prev(everyone.distribution, i))) if b is None
              else self.tr("%1 min").replace("%1", str(b)), str(n)]
             for i, (b, n) in enumerate(everyone.distribution)],
        )
        heads = [self.tr("Rep"), self.tr("Touched"), self.tr("Median"), self.tr("90th percentile"), self.tr("Met"),
                 self.tr("Late"), self.tr("Overdue"), self.tr("In time")]
        rep_rows = []
        for rep in sorted(set(f.speed) | set(f.sla_by_rep), key=lambda r: (r == "", f.names.get(r, r).casefold())):
            s = f.speed.get(rep) or funnel.speed_to_lead([])
            t = f.sla_by_rep.get(rep, SlaTally())
            if rep == "":
                if sdr:
                    continue
                t = sum(f.sla_by_rep.values(), SlaTally())
            name = self.tr("Team") if rep == "" else f.names.get(rep, rep)
            rep_rows.append([name, str(s.count), funnel.duration_text(s.median_s), funnel.duration_text(s.p90_s),
                             str(t.met), str(t.late), str(t.overdue), funnel.percent(t.compliance)])
        self.sla_rep_model.set_rows(heads, rep_rows)
        self.sla_source_model.set_rows(
            [self.tr("Source"), self.tr("Met"), self.tr("Late"), self.tr("Overdue"), self.tr("In time")],
            [[formatting.source_label(_source(s)), str(t.met), str(t.late), str(t.overdue), funnel.percent(t.compliance)]
             for s, t in sorted(f.sla_by_source.items())],
        )
        self.workload_model.set_workload(f.workload, f.names, f.pending)
        self.pool_label.setText(self.tr("Unassigned in the team pool: %1").replace("%1", str(f.pool)))

    def _draw_bars(self, rows: list[tuple[str, FunnelCounts]]) -> None:
        chart = self.bars_view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(self.tr("Funnel per rep"))
        series = QBarSeries(chart)
        top = 0
        for i, name in enumerate(("reaches", "connects", "conversations", "meetings")):
            bar_set = QBarSet(step_title(funnel.FUNNEL_STEPS.index(name)))
            for _rep, c in rows:
                value = getattr(c, name)
                bar_set.append(value)
                top = max(top, value)
            series.append(bar_set)
            del i
        chart.addSeries(series)
        categories = QBarCategoryAxis(chart)
        categories.append([name for name, _c in rows] or [self.tr("No reps")])
        values = QValueAxis(chart)
        values.setRange(0, max(1, top))
        values.setLabelFormat("%d")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)

    def _draw_trend(self, trend: list[tuple[date, FunnelCounts]]) -> None:
        chart = self.trend_view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(self.tr("Per week"))
        weeks = QBarCategoryAxis(chart)
        weeks.append([d.strftime("%m-%d") for d, _c in trend] or [self.tr("No weeks")])
        values = QValueAxis(chart)
        values.setLabelFormat("%d")
        chart.addAxis(weeks, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        top = 0
        for name in ("dials", "conversations", "meetings"):
            line = QLineSeries(chart)
            line.setName(step_title(funnel.FUNNEL_STEPS.index(name)))
            for x, (_d, c) in enumerate(trend):
                v = getattr(c, name)
                line.append(x, v)
                top = max(top, v)
            chart.addSeries(line)
            line.attachAxis(weeks)
            line.attachAxis(values)
        values.setRange(0, max(1, top))

    # --- export ------------------------------------------------------------------------------------

    def export_png(self, path: Path) -> bool:
        """Both charts as one image."""
        image = self.charts.grab()
        return bool(image.save(str(path), "PNG"))

    def export_csv(self, path: Path) -> None:
        """The funnel per rep with the ratios and their deviations (UTF-8 with a BOM, so spreadsheet
        programs read Chinese names right)."""
        f = self.figures
        b = self.funnel_model.benchmarks
        with Path(path).open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["rep", *funnel.FUNNEL_STEPS, *(x for r in Ratio for x in (r.value, f"{r.value}_benchmark", f"{r.value}_deviation"))])
            for name, c in self.funnel_model.rep_rows():
                cells: list[Any] = [name, *(getattr(c, s) for s in funnel.FUNNEL_STEPS)]
                for fig in funnel.figures(c, b):
                    cells += ["" if fig.value is None else round(fig.value, 2), fig.benchmark,
                              "" if fig.deviation is None else round(fig.deviation, 3)]
                writer.writerow(cells)
            if f is not None:
                writer.writerow(["team median", *([""] * len(funnel.FUNNEL_STEPS)),
                                 *(x for r in Ratio for x in ("" if f.median.get(r) is None else round(f.median[r], 2),  # type: ignore[arg-type]
                                                              funnel.benchmark_for(r, b), ""))])

    def _ask_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export charts"), "team-funnel.png", self.tr("PNG images (*.png)"))
        if path and not self.export_png(Path(path)):
            self._tell(self.tr("Could not write %1").replace("%1", path))

    def _ask_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export funnel"), "team-funnel.csv", self.tr("CSV files (*.csv)"))
        if path:
            try:
                self.export_csv(Path(path))
            except OSError as exc:
                self._tell(self.tr("Could not write %1").replace("%1", f"{path}: {exc.strerror}"))

    # --- acting ----------------------------------------------------------------------------------

    def selected_lead_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.log_view.selectionModel().selectedRows()})
        if not rows and self.log_view.currentIndex().isValid():
            rows = [self.log_view.currentIndex().row()]
        return list(dict.fromkeys(lid for r in rows if (lid := self.log_model.lead_id(r))))

    def _act(self, action: str, *args: Any, **kw: Any) -> None:
        """A team action: through the desk in the window (its use cases carry the store's names),
        else straight to the store."""
        def done(changed: set[str]) -> None:
            self.leads_changed.emit(set(changed))
            self.refresh()

        if self.ops is not None:
            self.ops.apply(lambda desk: getattr(desk, action)(*args, **kw), done, self._action_failed, owner=self)
        else:
            work = self.work
            self.runner.run(lambda: getattr(work, action)(*args, **kw), done, self._action_failed, owner=self)

    def reassign(self, lead_ids: list[str], rep_id: str | None) -> None:
        self._act("reassign", lead_ids, rep_id)

    def claim(self, lead_id: str) -> None:
        self._act("claim", lead_id)

    def record_acceptance(self, lead_id: str, accepted_by: str) -> None:
        self._act("record_acceptance", lead_id, accepted_by, at=self.clock())

    def set_away(self, rep_id: str, away: bool) -> None:
        self._act("set_away", rep_id, away)

    def _ask_reassign(self) -> None:
        leads = self.selected_lead_ids()
        if not leads or self.figures is None:
            self._tell(self.tr("Select the entries whose leads you want to re-assign."))
            return
        reps = [m for m in self.figures.roster if m.role == UserRole.SDR.value]
        labels = [self.tr("The team pool (unassigned)"), *(m.name for m in reps)]
        choice, ok = QInputDialog.getItem(self, self.tr("Re-assign"), self.tr("Give the selected leads to:"), labels, 0, False)
        if ok:
            index = labels.index(choice)
            self.reassign(leads, None if index == 0 else reps[index - 1].id)

    def _claim_selected(self) -> None:
        leads = self.selected_lead_ids()
        if leads:
            self.claim(leads[0])

    def _ask_acceptance(self) -> None:
        leads = self.selected_lead_ids()
        if not leads:
            self._tell(self.tr("Select an entry of the lead sales accepted."))
            return
        who, ok = QInputDialog.getText(self, self.tr("Sales accepted"), self.tr("Who in sales accepted the lead?"))
        if ok:
            self.record_acceptance(leads[0], who)

    def _set_away(self, away: bool) -> None:
        rep = self.workload_model.rep_id(self.workload_view.currentIndex().row())
        if rep is None:
            self._tell(self.tr("Select a rep first."))
            return
        self.set_away(rep, away)

    def _open_entry(self, index: QModelIndex) -> None:
        lead_id = self.log_model.lead_id(index.row()) if index.isValid() else None
        if lead_id:
            self.open_lead_requested.emit(lead_id)

    # --- messages ----------------------------------------------------------------------------------

    def _tell(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Team"), text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("teamMessage")
        box.open()

    def _action_failed(self, failure: TaskFailed) -> None:
        if isinstance(failure.error, TeamActionRefused | LookupError):
            self._tell(str(failure.error))
        else:
            self._failed(failure)

    def _failed(self, failure: TaskFailed) -> None:
        import logging

        logging.getLogger(__name__).warning("team desk: %s", failure.details)
        self._tell(self.tr("Could not read the local cache: %1").replace("%1", str(failure.error)))


def f_bound_prev(distribution: tuple[tuple[int | None, int], ...], i: int) -> int:
    """The upper bound of the bucket before the open-ended last one."""
    return distribution[i - 1][0] or 0 if i > 0 else 0


def _source(value: str) -> Any:
    from sdr_desk.core.entities import LeadSource

    try:
        return LeadSource(value)
    except ValueError:
        return value


# --- plugging into the main window ------------------------------------------------------------------


class _TeamMenu(QObject):
    """The Team menu: open the desk; on the demo book, work as its rep or as its team lead."""

    def __init__(self, window: Any, desk: TeamDesk) -> None:
        super().__init__(window)
        self.window = window
        self.desk = desk
        self.menu = window.menuBar().addMenu("")
        self.menu.setObjectName("menuTeam")
        self.open_action = QAction(self)
        self.open_action.setObjectName("actionTeamDesk")
        self.open_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.open_action.triggered.connect(self.open_desk)
        self.lead_action = QAction(self, checkable=True)
        self.lead_action.setObjectName("actionDemoTeamLead")
        self.lead_action.setVisible(False)
        self.lead_action.toggled.connect(self.switch_demo_user)
        self.menu.addAction(self.open_action)
        self.menu.addAction(self.lead_action)
        window.addAction(self.open_action)
        self.menu.installEventFilter(self)
        self.retranslate()
        desk.figures_shown.connect(self._figures_shown)

    def retranslate(self) -> None:
        self.menu.setTitle(QCoreApplication.translate("TeamMenu", "&Team"))
        self.open_action.setText(QCoreApplication.translate("TeamMenu", "Team &desk"))
        self.lead_action.setText(QCoreApplication.translate("TeamMenu", "Work the demo as the &team lead"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.menu and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return super().eventFilter(watched, event)

    def open_desk(self) -> None:
        self.desk.show()
        self.desk.activateWindow()
        self.desk.refresh()

    def _figures_shown(self) -> None:
        f = self.desk.figures
        if f is None:
            return
        self.lead_action.setVisible(f.demo is not None)
        self.lead_action.blockSignals(True)
        self.lead_action.setChecked(f.demo is not None and f.me == f.demo[1])
        self.lead_action.blockSignals(False)

    def switch_demo_user(self, as_lead: bool) -> None:
        # Through the desk: the queue follows the user, and every view hears of it.
        self.window.ops.apply(lambda desk: desk.switch_demo_user(as_lead), lambda _user: self.desk.refresh(),
                              self.desk._action_failed, owner=self.desk)


def install_team_desk(window: Any) -> TeamDesk:
    """Once per window: the Team menu and its desk (opened on demand)."""
    installed = window.findChild(TeamDesk)
    if installed is not None:
        return installed
    desk = TeamDesk(window.runner, window.desk.book, window.clock, window, ops=window.ops)

    def open_lead(lead_id: str) -> None:
        if window.select_lead(lead_id):
            window.activateWindow()
            return
        # Not in this user's call queue (another rep's lead): show its card and timeline anyway.
        from sdr_desk.gui.views.lead_detail import load_lead_detail

        book = window.desk.book

        def shown(detail: Any) -> None:
            window.ui.sideTabs.setCurrentWidget(window.ui.detailTab)
            window.detail_pane.show_detail(detail)
            window.activateWindow()

        window.runner.run(lambda: load_lead_detail(book, lead_id), shown, desk._failed, owner=window)

    desk.open_lead_requested.connect(open_lead)

    desk.menu = _TeamMenu(window, desk)  # type: ignore[attr-defined]
    # Read once now, so the Team menu knows whether this is the demo book.
    desk.refresh()
    return desk
