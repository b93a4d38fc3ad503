"""A period's figures from the running sums (db.figure_sums), whose rows are of the problems
received in one year and solved in one year.

A period holds the problems open at any time in it: received by its last day, not solved before
its first. That is a condition on the received date times a condition on the solved date, and
each is a condition on the year rows give or take the problems of one edge year:

- received by T: the rows received by T's year, less the problems received after T in that year;
  or the rows received before T's year, plus the problems received in it up to T;
- not solved before F: the rows solved from F's year on (or not solved), less the problems solved
  in that year before F; or the rows solved after F's year, plus the problems solved in it from F.

Of each pair the side with fewer problems is taken (counted on the date's index), so the edges a
report counts from the problems are small: a year to date has none, a month's report the month.
In indicator terms, with Y the year rows' condition, E the edge and s = ±1 its sign,
1[period] = (1[Yr] + sr·1[Er])·(1[Ys] + ss·1[Es]); the three products beyond Yr·Ys are one weight
per edge problem. The period's new problems (received from F on) are the same again with the
received date against F."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, text

from db import figure_sums


@dataclass(frozen=True)
class _Side:
    """One date condition as year rows (`rows`, on the sums tables; `dated`, the same over problems
    `p`) with a signed edge of problems (`edge`; sign 0: none)."""

    rows: str
    dated: str
    edge: str = "1 = 0"
    sign: int = 0


_ALL = _Side("1 = 1", "1 = 1")


@dataclass
class PeriodPlan:
    """How one period is read: `rows` selects the year rows, `new_rows` the part of them that counts
    as new; `edges` are the period's corrections by (enterprise, unit, category, source): the signed
    figure columns of figure_sums.COLUMNS then the signed new problems."""

    rows: str
    new_rows: str
    params: dict[str, Any]
    #: About how many problems the edges hold (the larger, the more the report counts itself).
    edge_problems: int
    sides: tuple[_Side, _Side, _Side]
    last: date | None
    edges: list[tuple[Any, ...]] = field(default_factory=list)


def _count(conn: Connection, where: str, params: dict[str, Any], cap: int | None = None) -> int:
    """Problems (deleted ones too: an estimate, on the date's index) a date range holds, up to `cap`."""
    limit = f" LIMIT {int(cap)}" if cap is not None else ""
    sql = f"SELECT count(*) FROM (SELECT 1 FROM problems p WHERE {where}{limit}) c"
    return int(conn.execute(text(sql), figure_sums.bound_days(conn, figure_sums.named(sql, params))).scalar() or 0)


#: Counts up to this many are enough to choose an edge when one side is small (the usual case: a
#: year to date, a past month); only when both sides hold more are both counted whole.
_GLANCE = 512


def _fewer(conn: Connection, params: dict[str, Any], minus: str, plus: str) -> tuple[bool, int]:
    """Whether the `minus` edge holds no more problems than the `plus` one, and how many the edge
    taken holds."""
    a, b = _count(conn, minus, params, _GLANCE), _count(conn, plus, params, _GLANCE)
    if a >= _GLANCE and b >= _GLANCE:
        a = _count(conn, minus, params)
        b = _count(conn, plus, params, a + 1)
    return (True, a) if a <= b else (False, b)


def _taken(conn: Connection, params: dict[str, Any], minus: _Side, plus: _Side) -> tuple[_Side, int]:
    """Of a condition's two forms the one whose edge holds fewer problems, and how many it holds."""
    take_minus, n = _fewer(conn, params, minus.edge, plus.edge)
    return (minus if take_minus else plus), n


def _received_side(conn: Connection, last: date, params: dict[str, Any]) -> tuple[_Side, int]:
    params.update(ty=last.year, t=last, tstart=date(last.year, 1, 1), tend=date(last.year, 12, 31),
                  tbefore=last.year - 1)
    return _taken(conn, params,
                  _Side("received_year <= :ty", "p.received_date <= :tend",
                        "p.received_date > :t AND p.received_date <= :tend", -1),
                  _Side("received_year <= :tbefore", "p.received_date < :tstart",
                        "p.received_date >= :tstart AND p.received_date <= :t", 1))


def _solved_side(conn: Connection, first: date, params: dict[str, Any]) -> tuple[_Side, int]:
    params.update(fy=first.year, f=first, fstart=date(first.year, 1, 1), fend=date(first.year, 12, 31))
    return _taken(conn, params,
                  _Side("(solved_year = 0 OR solved_year >= :fy)",
                        "(p.solved_date IS NULL OR p.solved_date >= :fstart)",
                        "p.solved_date >= :fstart AND p.solved_date < :f", -1),
                  _Side("(solved_year = 0 OR solved_year > :fy)", "(p.solved_date IS NULL OR p.solved_date > :fend)",
                        "p.solved_date >= :f AND p.solved_date <= :fend", 1))


def _new_side(conn: Connection, first: date, params: dict[str, Any]) -> tuple[_Side, int]:
    """Received from F on: the rows received from F's year on less those of that year before F, or
    the rows received after F's year plus those of that year from F (after _solved_side's parameters)."""
    params.update(fafter=first.year + 1, fnext=date(first.year + 1, 1, 1))
    return _taken(conn, params,
                  _Side("received_year >= :fy", "p.received_date >= :fstart",
                        "p.received_date >= :fstart AND p.received_date < :f", -1),
                  _Side("received_year >= :fafter", "p.received_date >= :fnext",
                        "p.received_date >= :f AND p.received_date <= :fend", 1))


def plan(conn: Connection, first: date | None, last: date | None) -> PeriodPlan:
    """The year rows of the period [first, last] (either may be open) and the size of its edges;
    `read_edges` then reads the edges if the caller takes the plan."""
    params: dict[str, Any] = {}
    received, n_received = _received_side(conn, last, params) if last else (_ALL, 0)
    solved, n_solved = _solved_side(conn, first, params) if first else (_ALL, 0)
    new, n_new = _new_side(conn, first, params) if first else (_ALL, 0)
    return PeriodPlan(f"{received.rows} AND {solved.rows}", new.rows, params, n_received + n_solved + n_new,
                      sides=(received, solved, new), last=last)


def read_edges(conn: Connection, spec: figure_sums.FigureSpec, out: PeriodPlan) -> None:
    """The period's corrections by (enterprise, unit, category, source) into `out.edges`."""
    received, solved, new = out.sides
    params = out.params
    last = out.last
    if received.sign or solved.sign:
        # Each edge problem's weight in the period (see the module's note), and in its new problems.
        er, es = f"({received.edge})", f"({solved.edge})"
        weight = (f"({received.sign} * {figure_sums.when(f'{er} AND {solved.dated}')} "
                  f"+ {solved.sign} * {figure_sums.when(f'{received.dated} AND {es}')} "
                  f"+ {received.sign * solved.sign} * {figure_sums.when(f'{er} AND {es}')})")
        out.edges = figure_sums.figures_of(
            conn, spec, f"({er} AND {solved.dated}) OR ({received.dated} AND {es}) OR ({er} AND {es})", params,
            weight=weight, extra=[figure_sums.when(new.dated)])
    if new.sign:
        # The new problems' own edge: problems of the period received in F's year before (or from) F.
        inside = " AND ".join(c for c in ("p.received_date <= :t" if last else "",
                                          "(p.solved_date IS NULL OR p.solved_date >= :f)") if c)
        counted = figure_sums.figures_of(conn, spec, f"({new.edge}) AND {inside}", params, count_only=True)
        width = len(figure_sums.COLUMNS)
        out.edges += [(*r[:4], *([0] * width), new.sign * r[4]) for r in counted]
