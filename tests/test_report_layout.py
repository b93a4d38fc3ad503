"""The printed page's rules, checked across every report type on demo data (issue 23): a
visit with up to three problems is one sheet; no line of any page breaks inside a date, a
number with its unit or a short name (a unit, a category, a status, a form's label); no
heading ends a page; number phrases are written without spaces (逾期351天, 共1980个问题).

The PDFs are read back with pypdf: each paragraph or cell is one text block (BT … ET) whose
lines are the runs at one height, so a break inside a protected stretch is a newline inside
it once the block's lines are joined."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import reports
from app.domain import CodeListKind, ProblemStatus
from app.reports.breaking import clusters
from app.services import Services
from app.services.problems import ProblemFilter, ProblemInput
from app.services.stats import StatsQuery
from app.services.visits import VisitInput
from tests.factories import enterprise
from tests.test_reports import OPTIONS, demo  # noqa: F401 - fixture

#: Short names a line may not break inside, beside the code lists.
LABELS = ("统一社会信用代码", "所属乡镇（街道）", "联系人及电话", "企业接待人员", "宣传解读政策", "下一步工作打算",
          "生产经营状况", "法定代表人", "交办日期及时限", "办理情况反馈", "暂不具备条件", "办理中", "待交办",
          "已办结", "已销号")
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:%|[天个家次人页号])")
#: Blocks at most this long are cells holding a value or a label.
SHORT = 24
SPACED = re.compile(r"(?:逾期|共|第|其余|列出|前) \d|\d+ (?:天|个|家|次|页|位)(?![A-Za-z])")


@dataclass(frozen=True)
class Block:
    """One paragraph or cell as drawn: its lines, top to bottom."""

    page: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def broken(self, start: int, end: int, allowed: tuple[int, ...] = ()) -> bool:
        """Whether a line ends inside text[start:end] (other than `allowed` offsets into it)."""
        pos = 0
        for line in self.lines[:-1]:
            pos += len(line)
            if start < pos < end and pos - start not in allowed:
                return True
        return False


def natural_cuts(name: str) -> tuple[int, ...]:
    """Where a name may be cut when its cell is too narrow: before （ or (, after / or 、."""
    return tuple(i for i in range(1, len(name)) if name[i] in "（(" or name[i - 1] in "/、")


def blocks(path: Path) -> Iterator[Block]:
    for number, page in enumerate(PdfReader(str(path)).pages, start=1):
        for runs in _text_blocks(page):
            lines: list[str] = []
            y = None
            for run_y, t in runs:
                if lines and run_y == y:
                    lines[-1] += t
                else:
                    lines.append(t)
                y = run_y
            if lines:
                yield Block(number, tuple(lines))


def _text_blocks(page: object) -> list[list[tuple[float, str]]]:
    """The runs of text of each BT … ET block of a page: (height, text)."""
    found: list[list[tuple[float, str]]] = []
    current: list[tuple[float, str]] | None = None

    def before(op: bytes, _args: object, _cm: object, _tm: object) -> None:
        nonlocal current
        if op == b"BT":
            current = []
        elif op == b"ET" and current is not None:
            found.append(current)
            current = None

    def text(t: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if current is not None and t.strip():
            current.append((round(tm[5], 1), t.replace("\n", "").strip()))

    page.extract_text(visitor_operand_before=before, visitor_text=text)  # type: ignore[attr-defined]
    return found


def problems_in(path: Path, names: set[str]) -> list[str]:
    """Every breach of the rules on the pages of `path`."""
    out: list[str] = []
    for b in blocks(path):
        text = b.text
        where = f"{path.name} p.{b.page}: {' / '.join(b.lines)!r}"
        for pattern, what in ((DATE, "date"), (NUMBER, "number")):
            for m in pattern.finditer(text):
                if b.broken(m.start(), m.end()):
                    out.append(f"{what} {m.group()} broken: {where}")
        if len(text) <= SHORT:  # a cell holding a name or a label (running text breaks anywhere)
            for name in names:
                i = text.find(name)
                while i >= 0:
                    if b.broken(i, i + len(name), natural_cuts(name)):
                        out.append(f"name {name} broken: {where}")
                    i = text.find(name, i + 1)
        last = b.lines[-1].rstrip("，。、；：）》”！？")
        if len(b.lines) > 1 and len(last) == 1 and not last.isascii() and len(b.lines[-2]) > 2:
            out.append(f"one character alone on the last line: {where}")
        if SPACED.search(text):
            out.append(f"spaced number phrase: {where}")
    return out


def headings_at_page_foot(path: Path) -> list[str]:
    """Section headings (一、…；（一）…；办理过程：) that are the last block of a page."""
    last: dict[int, Block] = {}
    for b in blocks(path):
        if not re.match(r"(第\d+页|打印时间|走访记录ID|企业ID|问题ID|问题台账·|.*助企走访工作情况通报$)", b.text):
            last[b.page] = b
    pages = len(PdfReader(str(path)).pages)
    return [f"{path.name} p.{p}: {b.text}" for p, b in last.items()
            if p < pages and re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|办理过程：|合计$)",
                                      b.text)]


@pytest.fixture(scope="module")
def names(demo: Services) -> set[str]:  # noqa: F811 - the fixture
    found = set(LABELS)
    for kind in (CodeListKind.CATEGORY, CodeListKind.UNIT):
        found.update(demo.code_lists.values(kind))
    found.update(s.value for s in ProblemStatus)
    found.update(r for r in demo.enterprises.regions() if r)
    return found


def test_every_report_type_keeps_dates_numbers_and_names_whole(demo: Services, names: set[str],  # noqa: F811
                                                               tmp_path: Path) -> None:
    made: list[Path] = []

    def out(name: str) -> Path:
        made.append(tmp_path / name)
        return made[-1]

    visits = demo.visits.list(limit=None)
    by_count: dict[int, list[str]] = {}
    for v in visits:
        by_count.setdefault(len(v.problem_ids), []).append(v.id)

    def bulk(vid: str) -> int:
        """How much a visit's record has to hold: its problems' text and units, the discussion."""
        v = demo.visits.get(vid)
        ps = [demo.problems.get(pid) for pid in v.problem_ids]
        return len(v.discussion) + sum(len(p.description) + len(p.demand) + 3 * (1 + len(p.assist_units))
                                       for p in ps)

    for n in (0, 1, 2, 3, 4, 6):
        # The fullest records of each size: the one-sheet rule is checked where it is tightest.
        for vid in sorted(by_count.get(n, []), key=bulk, reverse=True)[:3]:
            reports.visit_record(demo, vid, out(f"visit-{n}-{vid[:8]}.pdf"), options=OPTIONS)
    reports.blank_visit_form(out("blank.pdf"), options=OPTIONS)
    busiest = sorted({p.enterprise_id for p in demo.problems.search(ProblemFilter(), limit=3000).rows},
                     key=lambda e: -demo.problems.search(ProblemFilter(enterprise_id=e), limit=1).total)[:3]
    for eid in busiest:
        reports.enterprise_dossier(demo, eid, out(f"dossier-{eid[:8]}.pdf"), options=OPTIONS)
    reports.problem_ledger(demo, ProblemFilter(overdue_only=True), out("ledger-overdue.pdf"), options=OPTIONS)
    unit = demo.code_lists.values(CodeListKind.UNIT)[3]
    reports.problem_ledger(demo, ProblemFilter(unit=unit), out("ledger-unit.pdf"), options=OPTIONS)
    reports.periodic_report(demo, StatsQuery(date(2026, 5, 1), date(2026, 5, 31)), out("periodic-may.pdf"),
                            options=OPTIONS)
    reports.periodic_report(demo, StatsQuery(date(2026, 1, 1), date(2026, 6, 15)), out("periodic-half.pdf"),
                            options=OPTIONS)
    listed = demo.problems.search(ProblemFilter(statuses=(ProblemStatus.LISTED,)), limit=1).rows[0]
    # A 督办单 prints a recorded 督办 (issue 21): the demo's late problems in progress carry some.
    late = next(p for p in demo.problems.search(ProblemFilter(overdue_only=True,
                                                              statuses=(ProblemStatus.IN_PROGRESS,)), limit=500).rows
                if demo.problems.supervisions(p.id))
    reports.assignment_notice(demo, listed.id, out("assignment.pdf"), options=OPTIONS)
    reports.supervision_notice(demo, late.id, out("supervision.pdf"), options=OPTIONS)
    # 回访评价表: one solved problem awaiting the company's evaluation, and a visit's several.
    waiting = [p for p in demo.problems.search(ProblemFilter(statuses=(ProblemStatus.SOLVED,)), limit=500).rows
               if p.evaluation is None]
    reports.revisit_form(demo, waiting[0].id, out("revisit.pdf"), options=OPTIONS)
    visit = next((p.visit_id for p in waiting if p.visit_id and sum(q.visit_id == p.visit_id for q in waiting) > 1),
                 None)
    if visit is not None:
        reports.revisit_form(demo, None, out("revisit-visit.pdf"), visit_id=visit, options=OPTIONS)

    breaches = [b for path in made for b in problems_in(path, names)]
    assert breaches == [], "\n".join(breaches)
    stranded = [h for path in made for h in headings_at_page_foot(path)]
    assert stranded == [], "\n".join(stranded)
    for path in made:
        if path.name.startswith(("visit-0", "visit-1", "visit-2", "visit-3")):
            assert len(PdfReader(str(path)).pages) == 1, path.name


def test_a_visit_with_three_ordinary_problems_is_one_sheet(services: Services, tmp_path: Path) -> None:
    """Said as a cadre says it at the table: a paragraph of discussion, three problems of a
    sentence or two each, a follow-up plan."""
    eid = enterprise(services, "河阳县恒达铝业有限公司")
    problems = tuple(ProblemInput(enterprise_id=eid, category=c, description=d, demand=r) for c, d, r in (
        ("要素保障(水电气暖)", "二期厂房的专用变压器至今未接入，现有容量不足，旺季只能错峰生产，影响订单交付约两成。",
         "协调供电公司年内完成变压器增容接入。"),
        ("融资", "一笔800万元流动资金贷款将于2026年9月30日到期，续贷审批尚无进展。",
         "协调银行办理续贷，争取贴息支持。"),
        ("审批手续/证照", "新建仓库已竣工三个月，规划核实和竣工验收手续仍未办结，无法办理不动产登记。",
         "协调自然资源局、住建局加快办理。"),
    ))
    visit = services.visits.create(VisitInput(
        enterprise_id=eid, visit_date=date(2026, 6, 12), way="实地走访", operation_status="正常", employees=320,
        order_trend="上升", revenue_trend="持平", people_met="王建国（总经理）、李娜（财务总监）",
        discussion="了解企业生产经营情况，宣讲增值税留抵退税、研发费用加计扣除等政策。企业一季度订单同比增长约15%，"
                   "但电力容量、资金周转和仓库手续三方面的问题制约二期投产，希望尽快协调解决。",
        operation_notes="产能利用率约85%，用工稳定。", follow_up_plan="两周内回访，跟进三个问题的交办和办理进展。",
        policies_explained=("增值税留抵退税", "研发费用加计扣除")), problems, "张伟")
    path = tmp_path / "visit.pdf"
    result = reports.visit_record(services, visit.id, path, options=OPTIONS)
    assert result.pages == 1
    assert problems_in(path, set(LABELS) | {"要素保障(水电气暖)", "审批手续/证照"}) == []


def test_the_line_breaker_keeps_clusters_whole() -> None:
    text = "截至2025年12月17日，逾期351天，共1980个问题（占82.7%）。"
    spans = [text[a:b] for a, b in clusters(text)]
    for whole in ("2025年12月17日，", "351天，", "1980个", "82.7%）。"):
        assert whole in spans, spans
    assert "（占" in spans  # an opening bracket stays with what follows
