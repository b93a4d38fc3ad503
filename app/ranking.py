"""How units are ranked in the 通报 and on the 统计 page: by results, never by counts.

Score = 40 % 问题化解率 + 30 % 按期办结率 + 30 % 企业满意率, each rate as a fraction
(a rate with nothing to measure counts 0: no problem solved means no 按期办结率, no
evaluation means no 满意率). Ties go to the higher 化解率, then to the unit with more
problems. A unit with fewer problems than the minimum (3 unless the office sets
another) is listed apart, not ranked: one problem solved is not a record. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the rows' type only: the statistics service ranks with this module
    from app.services.stats import GroupRow

WEIGHTS = (0.4, 0.3, 0.3)
DEFAULT_MIN_PROBLEMS = 3
METHOD = ("按综合得分排名：综合得分＝问题化解率×40%＋按期办结率×30%＋企业满意率×30%"
          "（按期办结率以原定时限计，尚无可计的比率按0计），得分相同的按化解率、问题数排序；"
          "问题少于{minimum}个的单位单列，不参加排名；走访次数不作为排名依据。")


@dataclass(frozen=True)
class Ranked:
    row: GroupRow
    score: float
    #: 1-based place; None for a unit listed apart.
    place: int | None


@dataclass(frozen=True)
class Ranking:
    ranked: tuple[Ranked, ...]
    #: Units with fewer problems than the minimum: shown with their figures, not ranked.
    apart: tuple[Ranked, ...]
    minimum: int

    @property
    def method(self) -> str:
        return METHOD.format(minimum=self.minimum)


def score(row: GroupRow) -> float:
    p = row.problems
    rates = (p.resolve_rate or 0.0, p.on_time_rate or 0.0, p.satisfaction_rate or 0.0)
    return round(sum(w * r for w, r in zip(WEIGHTS, rates)) * 100, 1)


def rank(rows: list[GroupRow], minimum: int = DEFAULT_MIN_PROBLEMS) -> Ranking:
    """Units (not the empty key of problems not yet handed over) in order of their score."""
    units = [r for r in rows if r.key and r.problems.raised]
    order = sorted(units, key=lambda r: (-score(r), -(r.problems.resolve_rate or 0), -r.problems.raised, r.key))
    ranked = [r for r in order if r.problems.raised >= minimum]
    apart = [r for r in order if r.problems.raised < minimum]
    return Ranking(tuple(Ranked(r, score(r), i) for i, r in enumerate(ranked, start=1)),
                   tuple(Ranked(r, score(r), None) for r in apart), minimum)
