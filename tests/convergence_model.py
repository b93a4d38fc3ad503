"""A model of the exchange to test the real one against: installations edit, hand over, delete and
settle problems, and send each other workbooks along random routes; a reference model of what each
installation should then hold — with causal histories kept as plain sets of events, not clocks — is
compared with every real database after every step.

Used by tests/test_exchange_properties.py (a few random runs in the suite) and
bench/bench_convergence.py (many more)."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from app.clock import FixedClock
from app.exchange.records import iter_records
from app.exchange.schema import PROBLEMS, SHEETS, K
from app.exchange.values import canonical, to_cell
from app.services import Services
from app.services.problems import AssignInput, ProblemInput
from db.database import open_database

TODAY = date(2026, 6, 15)
FIELDS = tuple(c.field for c in PROBLEMS.content_columns)
KINDS = {c.field: c.kind for c in PROBLEMS.content_columns}
HEADERS = {"description": "问题描述", "demand": "企业诉求"}
UNITS = ("金融工作局", "人社局", "自然资源局")


def value_of(name: str, value: Any) -> str:
    """A field as the model compares it: deleted or not, for the tombstone (two deletions are one)."""
    if name == "deleted_at":
        return "deleted" if value is not None else ""
    return canonical(KINDS[name], value)


@dataclass(frozen=True)
class Version:
    values: dict[str, str]
    #: Every event (a write somewhere) this version has seen.
    seen: frozenset[str]
    #: field → the events whose value it holds.
    writers: dict[str, frozenset[str]]


@dataclass
class Expected:
    version: Version
    waiting: list[Version] = field(default_factory=list)


@dataclass
class Outcome:
    raised: int = 0


@dataclass
class Joined:
    values: dict[str, str]
    writers: dict[str, frozenset[str]]
    #: Fields in conflict: written on both sides to different values — or, when one side deleted what
    #: the other changed, the tombstone and every field the changing side changed.
    conflicts: list[str]


def merge(local: Version, incoming: Version) -> Joined:
    """The reference merge of two concurrent versions, field by field."""
    values = dict(local.values)
    writers: dict[str, frozenset[str]] = {}
    conflicts: list[str] = []
    here: list[str] = []
    there: list[str] = []
    for name in FIELDS:
        mine, theirs = local.writers[name], incoming.writers[name]
        mine_new = frozenset(w for w in mine if w not in incoming.seen)
        theirs_new = frozenset(w for w in theirs if w not in local.seen)
        if not theirs_new:
            writers[name] = mine
            if mine_new:
                here.append(name)
        elif not mine_new:
            writers[name] = theirs
            values[name] = incoming.values[name]
            there.append(name)
        elif local.values[name] == incoming.values[name]:
            writers[name] = mine_new | theirs_new | (mine & theirs)
        else:
            conflicts.append(name)
            writers[name] = mine
    deleted_here = bool(local.values["deleted_at"]) and "deleted_at" in here
    deleted_there = bool(incoming.values["deleted_at"]) and "deleted_at" in there
    if (deleted_here and any(f != "deleted_at" for f in there + conflicts)) or \
            (deleted_there and any(f != "deleted_at" for f in here + conflicts)):
        conflicts = sorted(set(conflicts) | {"deleted_at"} |
                           {f for f in (there if deleted_here else here) if f != "deleted_at"})
    return Joined(values, writers, conflicts)


class World:
    """Installations (real databases) and the reference model of what each should hold."""

    def __init__(self, folder: Path, n: int, problems: int = 3) -> None:
        self.folder = folder
        self.step = 0
        #: Conflicts raised and settled in all, for the benchmark's report.
        self.raised = self.settled = 0
        template = folder / "template.sqlite"
        open_database(template).close()
        self.places: list[Services] = []
        for i in range(n):
            path = folder / f"{i}.sqlite"
            shutil.copy(template, path)
            con = sqlite3.connect(path)
            con.execute("UPDATE app_meta SET value = ? WHERE key = 'installation_id'", (str(uuid.uuid4()),))
            con.commit()
            con.close()
            services = Services(open_database(path), FixedClock(TODAY))
            services.profile.set(f"干部{i}", "营商办")
            self.places.append(services)
        first = self.places[0]
        from app.services.enterprises import EnterpriseInput

        e = first.enterprises.create(EnterpriseInput(name="河阳县恒达铝业有限公司",
                                                     credit_code="914403001922038216")).id
        self.problems = [first.problems.create(ProblemInput(enterprise_id=e, category="融资", description=f"问题{k}",
                                                            demand="协调续贷")).id for k in range(problems)]
        self.model: list[dict[str, Expected]] = [{} for _ in range(n)]
        for pid in self.problems:
            v = Version(self.read(0, pid), frozenset({f"create:{pid}"}), dict.fromkeys(FIELDS,
                                                                                       frozenset({f"create:{pid}"})))
            for i in range(n):
                self.model[i][pid] = Expected(v)
        path = self.workbook()
        first.exchange.export(path)
        for other in self.places[1:]:
            assert other.exchange.import_paths([path]).all_read
        self.check_all()

    def close(self) -> None:
        for s in self.places:
            s.db.close()

    # ---- reading the real databases ------------------------------------------------------
    def read(self, i: int, pid: str) -> dict[str, str]:
        with self.places[i].db.reading() as s:
            record = next(iter_records(s, PROBLEMS, ids=[pid]))
        return {name: value_of(name, record.get(name)) for name in FIELDS}

    def waiting_counts(self, i: int) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.places[i].exchange.conflicts():
            out[c.record_id] = out.get(c.record_id, 0) + 1
        return out

    def check(self, i: int) -> None:
        for pid in self.problems:
            assert self.read(i, pid) == self.model[i][pid].version.values, (i, pid, self.step)
        expected = {pid: len(e.waiting) for pid, e in self.model[i].items() if e.waiting}
        assert self.waiting_counts(i) == expected, (i, self.step, expected)

    def check_all(self) -> None:
        for i in range(len(self.places)):
            self.check(i)

    def workbook(self) -> Path:
        self.step += 1
        return self.folder / f"w{self.step}.xlsx"

    # ---- what people do --------------------------------------------------------------------
    def local(self, i: int, pid: str, action: str, arg: str = "") -> None:
        """One person's change through the window's services, then the model's record of it."""
        services = self.places[i]
        p = services.problems.get(pid) if self.model[i][pid].version.values["deleted_at"] == "" else None
        if p is None:
            return
        self.step += 1
        if action == "edit":
            data = {k: v for k, v in asdict(p).items() if k in ProblemInput.__dataclass_fields__}
            services.problems.update_details(pid, ProblemInput(**{**data, arg: f"{arg}-{i}-{self.step}"}))
        elif action == "assign" and p.status.value == "待交办":
            services.problems.assign(pid, AssignInput(lead_unit=arg, deadline=date(2026, 7, 1)))
        elif action == "solve" and p.status.value == "办理中":
            services.problems.solve(pid, f"已办结-{i}-{self.step}")
        elif action == "delete":
            services.problems.delete(pid)
        else:
            return
        expected = self.model[i][pid]
        after = self.read(i, pid)
        event = f"{i}:{self.step}"
        changed = [f for f in FIELDS if after[f] != expected.version.values[f]]
        writers = dict(expected.version.writers)
        for f in changed:
            writers[f] = frozenset({event})
        expected.version = Version(after, expected.version.seen | {event}, writers)
        self.check(i)

    def send(self, i: int, j: int, hand: tuple[str, str] | None = None) -> None:
        """Installation i exports, j imports (with a cell edited by hand in between: (problem, field))."""
        path = self.workbook()
        self.places[i].exchange.export(path)
        sent = {pid: e.version for pid, e in self.model[i].items()}
        if hand is not None:
            pid, name = hand
            value = f"手填{name}-{self.step}"
            book = openpyxl.load_workbook(path)
            ws = book[PROBLEMS.title]
            column = [c.value for c in ws[1]].index(HEADERS[name]) + 1
            for row in ws.iter_rows(min_row=2):
                if row[0].value == pid:
                    ws.cell(row=row[0].row, column=column, value=value)
            book.save(path)
            v = sent[pid]
            event = f"hand:{self.step}"
            sent[pid] = Version({**v.values, name: value}, v.seen | {event}, {**v.writers, name: frozenset({event})})
        before = self.conflict_ids(j)
        assert self.places[j].exchange.import_paths([path]).all_read
        raised = len(self.conflict_ids(j) - before)
        expected_raised = sum(self.receive(j, pid, v) for pid, v in sent.items())
        assert raised == expected_raised, (i, j, self.step, raised, expected_raised)
        self.raised += raised
        self.check(j)

    def conflict_ids(self, i: int) -> set[str]:
        return {c.id for c in self.places[i].exchange.conflicts(include_resolved=True)}

    def receive(self, j: int, pid: str, incoming: Version) -> int:
        """The model's merge of one incoming version at j; 1 when it raises a conflict anew."""
        e = self.model[j][pid]
        local = e.version
        if incoming.seen <= local.seen:
            return 0
        if local.seen <= incoming.seen:
            self.moved(e, incoming)
            return 0
        joined = merge(local, incoming)
        if not joined.conflicts:
            self.moved(e, Version(joined.values, local.seen | incoming.seen, joined.writers))
            return 0
        for k, held in enumerate(e.waiting):
            if incoming.seen <= held.seen:
                return 0
            if held.seen <= incoming.seen:
                e.waiting[k] = incoming
                return 0
        e.waiting.append(incoming)
        return 1

    @staticmethod
    def moved(e: Expected, version: Version) -> None:
        e.version = version
        e.waiting = [w for w in e.waiting if not w.seen <= version.seen]

    def settle(self, i: int, pid: str, keep_incoming: bool) -> None:
        e = self.model[i][pid]
        if not e.waiting:
            return
        # The oldest waiting conflict (both list them in the order they were raised).
        conflict = next(c for c in self.places[i].exchange.conflicts() if c.record_id == pid)
        self.step += 1
        self.places[i].exchange.resolve_conflict(conflict.id, "incoming" if keep_incoming else "local")
        self.settled += 1
        local, incoming = e.version, e.waiting.pop(0)
        event = f"settle:{i}:{self.step}"
        joined = merge(local, incoming)
        values, writers = dict(joined.values), dict(joined.writers)
        for name in joined.conflicts:
            values[name] = (incoming if keep_incoming else local).values[name]
            writers[name] = frozenset({event})
        self.moved(e, Version(values, local.seen | incoming.seen | {event}, writers))
        self.check(i)

    # ---- the end ---------------------------------------------------------------------------
    def converge(self) -> None:
        """Everyone sends to the office (installation 0), the office settles what waits there and sends
        back to everyone, who settle what still waits with them (a conflict with a write only they know of,
        such as a hand edit they imported) — until nothing waits anywhere and nothing is left to send:
        then every database holds the same."""
        office = 0
        others = range(1, len(self.places))
        for _round in range(4):
            for i in others:
                self.send(i, office)
            self.settle_all(office)
            for j in others:
                self.send(office, j)
                self.settle_all(j)
            if not any(e.waiting for m in self.model for e in m.values()) and all(
                    self.model[i][pid].version.seen == self.model[office][pid].version.seen
                    for i in others for pid in self.problems):
                break
        for i in range(len(self.places)):
            assert not self.places[i].exchange.conflicts(), i
        exported = [self.rows(i) for i in range(len(self.places))]
        for i, rows in enumerate(exported[1:], start=1):
            assert rows == exported[0], i

    def settle_all(self, i: int) -> None:
        for pid in self.problems:
            while self.model[i][pid].waiting:
                self.settle(i, pid, keep_incoming=False)

    def rows(self, i: int) -> dict[str, dict[str, tuple[Any, ...]]]:
        """Every record as the exchange workbook writes it (content, who and when, history)."""
        with self.places[i].db.reading() as s:
            return {spec.key: {r["id"]: tuple(to_cell(c.kind, r.get(c.field)) for c in spec.columns
                                              if c.kind is not K.DISPLAY and c.field != "fingerprint")
                               for r in iter_records(s, spec)} for spec in SHEETS}
