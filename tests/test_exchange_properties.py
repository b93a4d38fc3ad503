"""Random edits, hand edits, hand-overs, deletions and settled conflicts on three to five
installations, workbooks exchanged along random routes and in random orders: after every step each
real database holds what a reference model of the exchange says (no change lost, no false conflict,
each true conflict raised once where it meets), and at the end every database's export is the same.
tests/convergence_model.py is the model; bench/bench_convergence.py runs many more cases."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.convergence_model import UNITS, World

#: Random runs in the suite (each a few seconds); ZHUQI_PROPERTY_EXAMPLES sets more.
EXAMPLES = int(os.environ.get("ZHUQI_PROPERTY_EXAMPLES", "8"))


def steps(n: int) -> st.SearchStrategy[list[tuple[Any, ...]]]:
    place = st.integers(0, n - 1)
    problem = st.integers(0, 2)
    step = st.one_of(
        st.tuples(st.just("edit"), place, problem, st.sampled_from(("description", "demand"))),
        st.tuples(st.just("assign"), place, problem, st.sampled_from(UNITS)),
        st.tuples(st.just("solve"), place, problem),
        st.tuples(st.just("delete"), place, problem),
        st.tuples(st.just("send"), place, place),
        st.tuples(st.just("send"), place, place),
        st.tuples(st.just("hand"), place, place, problem, st.sampled_from(("description", "demand"))),
        st.tuples(st.just("settle"), place, problem, st.booleans()),
    )
    return st.lists(step, min_size=4, max_size=18)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[int, list[tuple[Any, ...]]]:
    n = draw(st.integers(3, 5))
    return n, draw(steps(n))


def run(n: int, plan: list[tuple[Any, ...]]) -> tuple[int, int]:
    """Play the plan on n installations, then let them converge: (conflicts raised, settled)."""
    with tempfile.TemporaryDirectory() as folder:
        world = World(Path(folder), n)
        try:
            for step in plan:
                kind, *args = step
                if kind in ("edit", "assign", "solve", "delete"):
                    i, k, *rest = args
                    world.local(i, world.problems[k], kind, *rest)
                elif kind == "send" and args[0] != args[1]:
                    world.send(args[0], args[1])
                elif kind == "hand" and args[0] != args[1]:
                    i, j, k, name = args
                    if world.model[i][world.problems[k]].version.values["deleted_at"] == "":
                        world.send(i, j, hand=(world.problems[k], name))
                elif kind == "settle":
                    i, k, keep = args
                    world.settle(i, world.problems[k], keep)
            world.converge()
            return world.raised, world.settled
        finally:
            world.close()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_installations_converge_along_random_routes(scenario: tuple[int, list[tuple[Any, ...]]]) -> None:
    run(*scenario)


def test_a_three_way_conflict_on_a_route_through_laptops() -> None:
    """A fixed route: A and B change the same description, C hears of both through a laptop, the office
    of C's settlement before it hears of A's and B's own workbooks."""
    run(4, [("edit", 1, 0, "description"), ("edit", 2, 0, "description"), ("send", 1, 3), ("send", 2, 3),
            ("settle", 3, 0, True), ("send", 3, 0), ("send", 1, 0), ("send", 2, 0)])


def test_a_settlement_after_the_two_sides_came_to_agree() -> None:
    """Found by bench/bench_convergence.py: a conflict settled when the versions no longer differed lost
    nothing, but its clock recorded an empty loss, which the receiver could not read back."""
    run(5, [("edit", 3, 0, "demand"), ("edit", 3, 0, "demand"), ("edit", 3, 0, "description"),
            ("edit", 0, 0, "description"), ("hand", 3, 4, 2, "demand"), ("edit", 0, 2, "description"),
            ("assign", 3, 1, "人社局"), ("send", 3, 2), ("send", 1, 4), ("assign", 3, 2, "人社局"),
            ("delete", 4, 2), ("send", 1, 0), ("edit", 1, 1, "demand"), ("send", 2, 0), ("edit", 0, 0, "demand"),
            ("send", 3, 0), ("hand", 2, 0, 0, "demand"), ("assign", 4, 0, "人社局")])


def test_a_file_sent_again_after_the_record_in_conflict_changed_here() -> None:
    """Found by bench/bench_convergence.py: the same workbook sent twice within one second (the same bytes),
    the second time after the office had deleted the record in conflict too."""
    run(3, [("send", 2, 0), ("delete", 2, 0), ("send", 2, 1), ("assign", 0, 0, "自然资源局"),
            ("edit", 1, 1, "demand"), ("solve", 0, 1), ("send", 1, 0), ("solve", 2, 2), ("send", 1, 2),
            ("edit", 2, 2, "description"), ("assign", 2, 0, "自然资源局"), ("delete", 0, 2),
            ("assign", 1, 0, "自然资源局"), ("hand", 0, 0, 1, "description"), ("edit", 1, 0, "demand"),
            ("assign", 0, 1, "自然资源局"), ("delete", 0, 0), ("solve", 0, 1)])
