"""Printed reports (PDF): the entry points the window and the `zhuqi report` command call.

Every function reads through the services, writes the PDF atomically (a crash or
a cancel never leaves a half-written file under `path`) and returns a
ReportResult. Long reports take progress(done, total, message) and cancel()
callables and may raise ReportCancelled; a user's mistake raises UserError."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.reports import dossier as _dossier
from app.reports import ledger as _ledger
from app.reports import notices as _notices
from app.reports import periodic as _periodic
from app.reports import policy_sheet as _policy_sheet
from app.reports import projects as _projects
from app.reports import revisit_form as _revisit
from app.reports import visit_record as _visit
from app.reports.common import RenderOptions, ReportResult
from app.reports.fonts import FontOptions, load_fonts
from app.reports.output import Cancel, Progress, ReportCancelled, check_cancel
from app.services import Services
from app.services.problems import ProblemFilter
from app.services.stats import StatsQuery

__all__ = [
    "Cancel", "Progress", "ReportCancelled", "ReportOptions", "ReportResult",
    "assignment_notice", "blank_visit_form", "enterprise_dossier", "periodic_report", "policy_sheet", "problem_ledger",
    "problem_notice", "project_ledger", "revisit_form",
    "supervision_notice", "visit_record", "visit_records",
]


@dataclass(frozen=True)
class ReportOptions:
    """How to print: a font file the user chose (.ttf/.ttc), whether to look for the
    official faces installed on this machine, and the print time (fixed in tests)."""

    font: Path | None = None
    system_fonts: bool = True
    printed_at: datetime | None = None


def _render_options(options: ReportOptions | None, progress: Progress | None = None,
                    cancel: Cancel | None = None) -> RenderOptions:
    o = options or ReportOptions()
    fonts = load_fonts(FontOptions(font=o.font, system=o.system_fonts))
    return RenderOptions(fonts, o.printed_at, progress, cancel)


def visit_record(services: Services, visit_id: str, path: Path, *,
                 options: ReportOptions | None = None) -> ReportResult:
    """走访记录表: one visit, A4 portrait, with signature lines and a QR code of its ID."""
    return _visit.render_record(_visit.gather(services, visit_id), Path(path), _render_options(options))


def visit_records(services: Services, date_from: date, date_to: date, folder: Path, *,
                  options: ReportOptions | None = None, progress: Progress | None = None,
                  cancel: Cancel | None = None) -> list[ReportResult]:
    """One 走访记录表 per visit made between the dates (oldest first), each its own PDF in
    `folder`, named 走访记录表_2026-06-15_企业名称_1a2b3c4d.pdf. A cancel stops between files:
    the finished ones stay, none is half-written."""
    folder = Path(folder)
    visits = list(reversed(services.visits.list(limit=None, date_from=date_from, date_to=date_to)))
    render = _render_options(options)
    labels = _visit.cadre_label_map(services)
    results = []
    for i, v in enumerate(visits, start=1):
        check_cancel(cancel)
        name = _visit.file_name(v)
        results.append(_visit.render_record(_visit.gather(services, v.id, labels), folder / name, render))
        if progress is not None:
            progress(i, len(visits), f"已生成 {name}")
    return results


def blank_visit_form(path: Path, *, options: ReportOptions | None = None) -> ReportResult:
    """The 走访记录表 with empty boxes, to fill in by hand."""
    data = _visit.VisitRecordData(visit=None, enterprise=None, cadres=(), problems=())
    return _visit.render_record(data, Path(path), _render_options(options))


def problem_ledger(services: Services, problem_filter: ProblemFilter, path: Path, *,
                   options: ReportOptions | None = None, progress: Progress | None = None,
                   cancel: Cancel | None = None) -> ReportResult:
    """问题台账: the problems matching the filter (as the window's ledger), A4 landscape."""
    data = _ledger.gather(services, problem_filter, progress=progress, cancel=cancel)
    return _ledger.render_ledger(data, Path(path), _render_options(options, progress, cancel))


def project_ledger(services: Services, path: Path, *, unit: str = "", stage: str = "",
                   date_from: date | None = None, date_to: date | None = None,
                   options: ReportOptions | None = None) -> ReportResult:
    """地企合作项目台账: the projects (of a 责任单位, at a stage), A4 landscape, with 签约数, 开工率,
    投产率 and 资金到位率 over the period on top."""
    data = _projects.gather(services, unit=unit, stage=stage, date_from=date_from, date_to=date_to)
    return _projects.render_projects(data, Path(path), _render_options(options))


def enterprise_dossier(services: Services, enterprise_id: str, path: Path, *,
                       options: ReportOptions | None = None, progress: Progress | None = None,
                       cancel: Cancel | None = None) -> ReportResult:
    """一企一档: the enterprise's profile, assigned cadres, every visit, every problem with
    its timeline, extensions and evaluation."""
    data = _dossier.gather(services, enterprise_id, progress=progress, cancel=cancel)
    return _dossier.render_dossier(data, Path(path), _render_options(options, progress, cancel))


def problem_notice(services: Services, problem_id: str, path: Path, *,
                   options: ReportOptions | None = None) -> ReportResult:
    """交办单 for an open problem not yet overdue, 督办单 for an overdue one (UserError for a
    problem that is solved, closed or deferred)."""
    return _notices.render_notice(_notices.gather(services, problem_id), Path(path), _render_options(options))


def assignment_notice(services: Services, problem_id: str, path: Path, *,
                      options: ReportOptions | None = None) -> ReportResult:
    """交办单: hands the problem to its lead unit (待交办 or 办理中)."""
    data = _notices.gather(services, problem_id, _notices.NoticeKind.ASSIGNMENT)
    return _notices.render_notice(data, Path(path), _render_options(options))


def revisit_form(services: Services, problem_id: str | None, path: Path, *, visit_id: str | None = None,
                 options: ReportOptions | None = None) -> ReportResult:
    """回访评价表 for the company's signature: one solved problem, or (with `visit_id`) every
    solved problem raised at that visit."""
    data = _revisit.gather(services, problem_id, visit_id=visit_id)
    return _revisit.render_form(data, Path(path), _render_options(options))


def supervision_notice(services: Services, problem_id: str, path: Path, *,
                       options: ReportOptions | None = None) -> ReportResult:
    """督办单 of the problem's latest recorded 督办 (its number, level and answer date)."""
    data = _notices.gather(services, problem_id, _notices.NoticeKind.SUPERVISION)
    return _notices.render_notice(data, Path(path), _render_options(options))


def periodic_report(services: Services, query: StatsQuery, path: Path, *, title: str | None = None,
                    options: ReportOptions | None = None, progress: Progress | None = None,
                    cancel: Cancel | None = None, number: int | None = None,
                    min_problems: int = 3) -> ReportResult:
    """月度通报 for the query's period (and region / unit): key figures, tables by unit,
    region and category with charts, overdue problems, enterprises not visited. The
    title defaults to e.g. "2026年5月助企走访工作情况通报"."""
    data = _periodic.gather(services, query, title, progress=progress, cancel=cancel, number=number,
                            min_problems=min_problems)
    return _periodic.render_periodic(data, Path(path), _render_options(options, progress, cancel))


def policy_sheet(services: Services, enterprise_id: str, path: Path, *,
                 options: ReportOptions | None = None) -> ReportResult:
    """惠企政策明白纸: the policies in force that fit the company, with what it gets and how to apply;
    those explained, applied for or granted marked (UserError when none fits)."""
    data = _policy_sheet.gather(services, enterprise_id)
    return _policy_sheet.render_policy_sheet(data, Path(path), _render_options(options))
