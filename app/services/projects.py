"""地企合作: the projects an office follows with companies and central/provincial enterprises,
through 签约, 开工, 投产 and 达效 (a date each, in that order, none in the future), with the
investment planned and paid in (到位资金) by year, in 万元, and the problems each project raised
(ordinary problems in the 交办→销号 loop, linked by problems.project_id).

Figures (by 责任单位 and over a period): 签约数 — projects signed in the period; of those, 开工率
(started by the period's end / signed), 投产率 (producing / signed); 资金到位率 — paid in / planned
over the investment rows of the period's years."""

from __future__ import annotations

import builtins
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import fields
from app.changes import Change
from app.clock import Clock
from app.domain import ProblemStatus, ProjectStage
from app.errors import ValidationError
from app.services.access import require
from app.services.common import check_revision, get_live, like_pattern, resolve_prefix
from db.database import Database
from db.models import Enterprise, Problem, Project, ProjectEnterprise, ProjectInvestment
from db.types import utcnow

LONG_TEXT = 5000
#: The largest sum a cell of 万元 may hold (1000 亿元).
MAX_WAN = 10_000_000

#: The stages in their order: the word a person uses, the date column, the stage reached.
STAGES: tuple[tuple[str, str, ProjectStage], ...] = (
    ("签约", "signed_date", ProjectStage.SIGNED),
    ("开工", "started_date", ProjectStage.STARTED),
    ("投产", "producing_date", ProjectStage.PRODUCING),
    ("达效", "effective_date", ProjectStage.EFFECTIVE),
)
STAGE_WORDS = tuple(w for w, _f, _s in STAGES)
#: 合作类型 offered in the window (any other text may be typed).
COOPERATION_TYPES = ("招商引资", "产业链配套", "技术合作", "合资合作", "产销合作", "省企合作")


@dataclass(frozen=True)
class ProjectInput:
    name: str
    partner: str = ""
    cooperation_type: str = ""
    enterprise_ids: tuple[str, ...] = ()
    sector: str = ""
    #: 计划总投资, 万元.
    total_investment: int | None = None
    signed_date: date | None = None
    started_date: date | None = None
    producing_date: date | None = None
    effective_date: date | None = None
    leader: str = ""
    unit: str = ""
    notes: str = ""


@dataclass(frozen=True)
class InvestmentView:
    id: str
    year: int
    planned: int
    paid_in: int
    notes: str


@dataclass(frozen=True)
class ProjectProblem:
    id: str
    enterprise_name: str
    description: str
    status: str
    lead_unit: str
    closed_date: date | None


@dataclass(frozen=True)
class ProjectView:
    id: str
    revision: int
    name: str
    partner: str
    cooperation_type: str
    enterprise_ids: tuple[str, ...]
    enterprise_names: tuple[str, ...]
    sector: str
    total_investment: int | None
    signed_date: date | None
    started_date: date | None
    producing_date: date | None
    effective_date: date | None
    leader: str
    unit: str
    notes: str
    investments: tuple[InvestmentView, ...] = ()
    #: Problems raised by the project: all, and those not yet 销号.
    problems: int = 0
    open_problems: int = 0
    #: What the write that returned this view changed (app.changes); Change.NONE from a read.
    changes: Change = field(default=Change.NONE, compare=False, repr=False)

    @property
    def stage(self) -> ProjectStage:
        return stage_of(self.signed_date, self.started_date, self.producing_date, self.effective_date)

    @property
    def planned(self) -> int:
        return sum(i.planned for i in self.investments)

    @property
    def paid_in(self) -> int:
        return sum(i.paid_in for i in self.investments)

    @property
    def paid_in_rate(self) -> float | None:
        """资金到位率 over every year recorded; None when nothing is planned."""
        return self.paid_in / self.planned if self.planned else None

    def as_input(self) -> ProjectInput:
        return ProjectInput(self.name, self.partner, self.cooperation_type, self.enterprise_ids, self.sector,
                            self.total_investment, self.signed_date, self.started_date, self.producing_date,
                            self.effective_date, self.leader, self.unit, self.notes)


@dataclass(frozen=True)
class ProjectFigures:
    """签约数, 开工数, 投产数, 达效数 and the investment of one 责任单位 (or of all: unit "")."""

    unit: str = ""
    signed: int = 0
    started: int = 0
    producing: int = 0
    effective: int = 0
    #: 万元, over the investment rows of the period's years.
    planned: int = 0
    paid_in: int = 0

    @property
    def start_rate(self) -> float | None:
        """开工率: started / signed (None when nothing was signed)."""
        return self.started / self.signed if self.signed else None

    @property
    def production_rate(self) -> float | None:
        """投产率: producing / signed."""
        return self.producing / self.signed if self.signed else None

    @property
    def paid_in_rate(self) -> float | None:
        """资金到位率: paid in / planned."""
        return self.paid_in / self.planned if self.planned else None

    def plus(self, other: ProjectFigures) -> ProjectFigures:
        return replace(self, signed=self.signed + other.signed, started=self.started + other.started,
                       producing=self.producing + other.producing, effective=self.effective + other.effective,
                       planned=self.planned + other.planned, paid_in=self.paid_in + other.paid_in)


@dataclass(frozen=True)
class ProjectStats:
    date_from: date | None
    date_to: date | None
    total: ProjectFigures
    by_unit: tuple[ProjectFigures, ...] = field(default_factory=tuple)
    #: Projects of every stage (live), not limited by the period: 在谈, 已签约 … → count.
    by_stage: tuple[tuple[str, int], ...] = ()


def stage_of(signed: date | None, started: date | None, producing: date | None,
             effective: date | None) -> ProjectStage:
    """The latest stage whose date is recorded (在谈 before 签约)."""
    for day, stage in ((effective, ProjectStage.EFFECTIVE), (producing, ProjectStage.PRODUCING),
                       (started, ProjectStage.STARTED), (signed, ProjectStage.SIGNED)):
        if day is not None:
            return stage
    return ProjectStage.TALKING


def stage_field(word: str) -> tuple[str, str]:
    """The stage meant by a word (签约/开工/投产/达效, or the stage's name 已开工) → (word, column)."""
    w = word.strip().removeprefix("已")
    for stage_word, column, _stage in STAGES:
        if w == stage_word:
            return stage_word, column
    raise ValidationError("阶段", word.strip(), "应为以下之一：" + "、".join(STAGE_WORDS))


def check_stage_dates(dates: dict[str, date | None], today: date) -> None:
    """签约 ≤ 开工 ≤ 投产 ≤ 达效, each only after the one before it was recorded, none after today."""
    previous: tuple[str, date] | None = None
    for word, column, _stage in STAGES:
        day = dates.get(column)
        if day is None:
            continue
        fields.date_not_after(f"{word}日期", day, today)
        index = STAGE_WORDS.index(word)
        if index > 0 and dates.get(STAGES[index - 1][1]) is None:
            before = STAGES[index - 1][0]
            raise ValidationError(f"{word}日期", day.isoformat(), f"项目尚未{before}，须先登记{before}日期")
        if previous is not None and day < previous[1]:
            raise ValidationError(f"{word}日期", day.isoformat(), f"早于{previous[0]}日期 {previous[1].isoformat()}")
        previous = (word, day)


def _wan(label: str, value: int | None) -> int | None:
    if value is None:
        return None
    if value < 0 or value > MAX_WAN:
        raise ValidationError(label, value, f"应为 0 至 {MAX_WAN} 之间的整数（万元）")
    return value


def validated(data: ProjectInput, today: date) -> ProjectInput:
    """The input with its text tidied, or ValidationError naming the field, the value and the reason."""
    d = replace(
        data,
        name=fields.text("项目名称", data.name, 200, required=True),
        partner=fields.name("合作方", data.partner, 200),
        cooperation_type=fields.text("合作类型", data.cooperation_type, 50),
        enterprise_ids=tuple(dict.fromkeys(i.strip() for i in data.enterprise_ids if i.strip())),
        sector=fields.text("所属行业", data.sector, 100),
        total_investment=_wan("计划总投资（万元）", data.total_investment),
        leader=fields.name("责任领导", data.leader, 50),
        unit=fields.text("责任单位", data.unit, 100),
        notes=fields.text("备注", data.notes, LONG_TEXT),
    )
    check_stage_dates({c: getattr(d, c) for _w, c, _s in STAGES}, today)
    return d


def _apply(s: Session, p: Project, d: ProjectInput) -> None:
    for eid in d.enterprise_ids:
        get_live(s, Enterprise, eid, "企业")
    p.name, p.partner, p.cooperation_type, p.sector = d.name, d.partner, d.cooperation_type, d.sector
    p.total_investment = d.total_investment
    p.signed_date, p.started_date = d.signed_date, d.started_date
    p.producing_date, p.effective_date = d.producing_date, d.effective_date
    p.leader, p.unit, p.notes = d.leader, d.unit, d.notes
    wanted = list(d.enterprise_ids)
    for link in [link for link in p.enterprises if link.enterprise_id not in wanted]:
        p.enterprises.remove(link)
    have = {link.enterprise_id for link in p.enterprises}
    p.enterprises.extend(ProjectEnterprise(enterprise_id=e) for e in wanted if e not in have)


def _views(s: Session, projects: builtins.list[Project]) -> builtins.list[ProjectView]:
    ids = [p.id for p in projects]
    if not ids:
        return []
    eids = {link.enterprise_id for p in projects for link in p.enterprises}
    names: dict[str, str] = {}
    if eids:
        for eid, name in s.execute(select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_(eids))):
            names[eid] = name
    money: dict[str, builtins.list[InvestmentView]] = defaultdict(builtins.list)
    q = select(ProjectInvestment).where(ProjectInvestment.project_id.in_(ids),
                                        ProjectInvestment.deleted_at.is_(None)).order_by(ProjectInvestment.year)
    for i in s.scalars(q):
        money[i.project_id].append(InvestmentView(i.id, i.year, i.planned, i.paid_in, i.notes))
    counts: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for pid, status in s.execute(select(Problem.project_id, Problem.status).where(
            Problem.project_id.in_(ids), Problem.deleted_at.is_(None))):
        total, still = counts[pid or ""]
        counts[pid or ""] = (total + 1, still + (status != ProblemStatus.CLOSED.value))
    out = []
    for p in projects:
        linked = tuple(sorted((link.enterprise_id for link in p.enterprises), key=lambda e: names.get(e, e)))
        out.append(ProjectView(
            id=p.id, revision=p.revision, name=p.name, partner=p.partner, cooperation_type=p.cooperation_type,
            enterprise_ids=linked, enterprise_names=tuple(names.get(e, "") for e in linked), sector=p.sector,
            total_investment=p.total_investment, signed_date=p.signed_date, started_date=p.started_date,
            producing_date=p.producing_date, effective_date=p.effective_date, leader=p.leader, unit=p.unit,
            notes=p.notes, investments=tuple(money.get(p.id, ())), problems=counts[p.id][0],
            open_problems=counts[p.id][1]))
    return out


def _written(s: Session, p: Project) -> ProjectView:
    """The view a write returns: the project as it now is, saying it changed projects."""
    return replace(_views(s, [p])[0], changes=Change.PROJECTS)


class ProjectService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # ---- writes (office staff) ----

    def add(self, data: ProjectInput) -> ProjectView:
        d = validated(data, self._clock.today())
        with self._db.session() as s:
            require(s, self._db.actor, "添加地企合作项目")
            p = Project()
            _apply(s, p, d)
            s.add(p)
            s.flush()
            return _written(s, p)

    def update(self, project_id: str, data: ProjectInput, expected_revision: int | None = None) -> ProjectView:
        d = validated(data, self._clock.today())
        with self._db.session() as s:
            require(s, self._db.actor, "修改地企合作项目")
            p = get_live(s, Project, project_id, "地企合作项目")
            check_revision(p, expected_revision, "地企合作项目")
            _apply(s, p, d)
            s.flush()
            return _written(s, p)

    def delete(self, project_id: str, expected_revision: int | None = None) -> Change:
        """A project is deleted with its investment rows; its problems stay (unlinked)."""
        with self._db.session() as s:
            require(s, self._db.actor, "删除地企合作项目")
            p = get_live(s, Project, project_id, "地企合作项目")
            check_revision(p, expected_revision, "地企合作项目")
            now = utcnow()
            p.deleted_at = now
            for i in s.scalars(select(ProjectInvestment).where(ProjectInvestment.project_id == p.id,
                                                               ProjectInvestment.deleted_at.is_(None))):
                i.deleted_at = now
            changes = Change.PROJECTS
            for problem in s.scalars(select(Problem).where(Problem.project_id == p.id)):
                problem.project_id = None
                changes |= Change.PROBLEMS
            return changes

    def record_stage(self, project_id: str, stage: str, day: date,
                     expected_revision: int | None = None) -> ProjectView:
        """Record the date a project reached a stage (签约, 开工, 投产, 达效): refused when it is in
        the future, when the stage before it has no date, or when it falls before that date (or
        after the next stage's date, if one is recorded)."""
        word, column = stage_field(stage)
        with self._db.session() as s:
            require(s, self._db.actor, f"登记项目{word}")
            p = get_live(s, Project, project_id, "地企合作项目")
            check_revision(p, expected_revision, "地企合作项目")
            dates = {c: getattr(p, c) for _w, c, _s in STAGES}
            dates[column] = day
            check_stage_dates(dates, self._clock.today())
            setattr(p, column, day)
            s.flush()
            return _written(s, p)

    def record_investment(self, project_id: str, year: int, *, planned: int | None = None,
                          paid_in: int | None = None, notes: str = "") -> ProjectView:
        """A year's planned investment and paid-in funds (万元): one row per project and year, brought
        up to date by each call (a value not given is kept)."""
        today = self._clock.today()
        if not 1990 <= year <= today.year + 10:
            raise ValidationError("年度", year, f"应为 1990 至 {today.year + 10} 之间的年份")
        if paid_in is not None and year > today.year:
            raise ValidationError("到位资金（万元）", paid_in, f"{year} 年尚未到来，不能登记到位资金")
        _wan("计划投资（万元）", planned)
        _wan("到位资金（万元）", paid_in)
        with self._db.session() as s:
            require(s, self._db.actor, "登记项目投资")
            p = get_live(s, Project, project_id, "地企合作项目")
            row = s.scalar(select(ProjectInvestment).where(
                ProjectInvestment.project_id == p.id, ProjectInvestment.year == year,
                ProjectInvestment.deleted_at.is_(None)).order_by(ProjectInvestment.created_at))
            if row is None:
                row = ProjectInvestment(project_id=p.id, year=year, planned=0, paid_in=0, notes="")
                s.add(row)
            if planned is not None:
                row.planned = planned
            if paid_in is not None:
                row.paid_in = paid_in
            if notes:
                row.notes = fields.text("备注", notes, LONG_TEXT)
            s.flush()
            return _written(s, p)

    def link_problem(self, project_id: str | None, problem_id: str) -> Change:
        """Mark a problem as raised by the project (None: by no project). The problem stays an
        ordinary one in the 交办→销号 loop."""
        with self._db.session() as s:
            require(s, self._db.actor, "关联项目问题")
            problem = get_live(s, Problem, problem_id, "问题")
            if project_id is not None:
                get_live(s, Project, project_id, "地企合作项目")
            problem.project_id = project_id
            return Change.PROJECTS | Change.PROBLEMS

    # ---- reads ----

    def get(self, project_id: str) -> ProjectView:
        with self._db.reading() as s:
            return _views(s, [get_live(s, Project, project_id, "地企合作项目")])[0]

    def resolve_id(self, text: str) -> str:
        with self._db.reading() as s:
            return resolve_prefix(s, Project, text, "地企合作项目")

    def list(self, *, text: str = "", unit: str = "", stage: str = "",
             enterprise_id: str = "") -> builtins.list[ProjectView]:
        """Live projects, newest signing first (those not signed last): whose name, partner, type
        or sector contain `text`, of the 责任单位 `unit`, at `stage` (在谈, 已签约 …), involving
        the enterprise."""
        wanted_stage = fields.enum("阶段", ProjectStage, stage, required=False) if stage.strip() else None
        with self._db.reading() as s:
            q = select(Project).where(Project.deleted_at.is_(None))
            for word in text.split():
                pattern = like_pattern(word)
                q = q.where(or_(*(c.like(pattern, escape="\\") for c in (
                    Project.name, Project.partner, Project.cooperation_type, Project.sector, Project.leader))))
            if unit.strip():
                q = q.where(Project.unit == unit.strip())
            if enterprise_id:
                q = q.where(Project.id.in_(select(ProjectEnterprise.project_id).where(
                    ProjectEnterprise.enterprise_id == enterprise_id)))
            views = _views(s, builtins.list(s.scalars(q.order_by(Project.name))))
        if wanted_stage is not None:
            views = [v for v in views if v.stage is wanted_stage]
        views.sort(key=lambda v: v.signed_date or date.min, reverse=True)
        return views

    def units(self) -> builtins.list[str]:
        """The 责任单位 named by live projects."""
        with self._db.reading() as s:
            return sorted(u for u in s.scalars(select(Project.unit).where(
                Project.deleted_at.is_(None), Project.unit != "").distinct()))

    def problems(self, project_id: str) -> builtins.list[ProjectProblem]:
        """The problems the project raised, oldest first."""
        with self._db.reading() as s:
            q = (select(Problem.id, Enterprise.name, Problem.description, Problem.status, Problem.lead_unit,
                        Problem.closed_date).join(Enterprise, Enterprise.id == Problem.enterprise_id)
                 .where(Problem.project_id == project_id, Problem.deleted_at.is_(None))
                 .order_by(Problem.received_date, Problem.id))
            return [ProjectProblem(*row) for row in s.execute(q)]

    def linkable_problems(self, project_id: str) -> builtins.list[ProjectProblem]:
        """The problems that may be linked to the project: those of its enterprises not yet 销号
        and raised by no project, oldest first."""
        with self._db.reading() as s:
            get_live(s, Project, project_id, "地企合作项目")
            eids = select(ProjectEnterprise.enterprise_id).where(ProjectEnterprise.project_id == project_id)
            q = (select(Problem.id, Enterprise.name, Problem.description, Problem.status, Problem.lead_unit,
                        Problem.closed_date).join(Enterprise, Enterprise.id == Problem.enterprise_id)
                 .where(Problem.enterprise_id.in_(eids), Problem.project_id.is_(None),
                        Problem.deleted_at.is_(None), Problem.status != ProblemStatus.CLOSED.value)
                 .order_by(Problem.received_date, Problem.id))
            return [ProjectProblem(*row) for row in s.execute(q)]

    def name_of_problem(self, problem_id: str) -> str:
        """The name of the live project that raised the problem; "" when none did."""
        with self._db.reading() as s:
            name = s.scalar(select(Project.name).join(Problem, Problem.project_id == Project.id).where(
                Problem.id == problem_id, Project.deleted_at.is_(None)))
            return name or ""

    def figures(self, date_from: date | None = None, date_to: date | None = None) -> ProjectStats:
        """签约数 of the period (签约 between the dates; all when none is given) and, of those, how many
        had started, were producing and effective by the period's end; 资金到位率 over the investment
        rows of the period's years. By 责任单位 and in total."""
        if date_from and date_to and date_from > date_to:
            raise ValidationError("起始日期", date_from.isoformat(), f"晚于截止日期 {date_to.isoformat()}")
        end = date_to or self._clock.today()
        with self._db.reading() as s:
            projects = builtins.list(s.execute(select(
                Project.id, Project.unit, Project.signed_date, Project.started_date, Project.producing_date,
                Project.effective_date).where(Project.deleted_at.is_(None))))
            q = (select(ProjectInvestment.project_id, ProjectInvestment.year, ProjectInvestment.planned,
                        ProjectInvestment.paid_in)
                 .join(Project, Project.id == ProjectInvestment.project_id)
                 .where(ProjectInvestment.deleted_at.is_(None), Project.deleted_at.is_(None)))
            if date_from:
                q = q.where(ProjectInvestment.year >= date_from.year)
            if date_to:
                q = q.where(ProjectInvestment.year <= date_to.year)
            money = builtins.list(s.execute(q))
        unit_of = {pid: unit for pid, unit, *_rest in projects}
        per_unit: dict[str, ProjectFigures] = {}

        def add(unit: str, f: ProjectFigures) -> None:
            per_unit[unit] = per_unit.get(unit, ProjectFigures(unit)).plus(f)

        stages: dict[str, int] = dict.fromkeys((st.value for st in ProjectStage), 0)
        for _pid, unit, signed, started, producing, effective in projects:
            stages[stage_of(signed, started, producing, effective).value] += 1
            if signed is None or (date_from and signed < date_from) or signed > end:
                continue
            add(unit, ProjectFigures(signed=1, started=int(started is not None and started <= end),
                                     producing=int(producing is not None and producing <= end),
                                     effective=int(effective is not None and effective <= end)))
        for pid, _year, planned, paid_in in money:
            add(unit_of.get(pid, ""), ProjectFigures(planned=planned, paid_in=paid_in))
        total = ProjectFigures()
        for f in per_unit.values():
            total = total.plus(f)
        by_unit = tuple(sorted(per_unit.values(), key=lambda f: (-f.signed, f.unit)))
        return ProjectStats(date_from, date_to, total, by_unit, tuple(stages.items()))
