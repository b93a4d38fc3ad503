"""The longer run of the exchange's property test: many random cases of installations editing,
handing over, deleting and settling problems and exchanging workbooks along random routes, each
checked against the reference model after every step (tests/convergence_model.py).

    .venv/bin/python bench/bench_convergence.py [--cases 200] [--seed S] [--steps 30]

Prints, per case, the installations, steps, workbooks exchanged, conflicts raised and settled
and the time taken; stops at the first case where a database and the model disagree, with the
case's plan (to paste into tests/test_exchange_properties.py)."""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.convergence_model import UNITS  # noqa: E402
from tests.test_exchange_properties import run  # noqa: E402


def plan(rng: random.Random, n: int, steps: int) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for _ in range(steps):
        i, j, k = rng.randrange(n), rng.randrange(n), rng.randrange(3)
        kind = rng.choice(("edit", "edit", "assign", "solve", "delete", "send", "send", "send", "hand", "settle"))
        if kind == "edit":
            out.append((kind, i, k, rng.choice(("description", "demand"))))
        elif kind == "assign":
            out.append((kind, i, k, rng.choice(UNITS)))
        elif kind in ("solve", "delete"):
            out.append((kind, i, k))
        elif kind == "send":
            out.append((kind, i, j))
        elif kind == "hand":
            out.append((kind, i, j, k, rng.choice(("description", "demand"))))
        else:
            out.append((kind, i, k, rng.random() < 0.5))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--steps", type=int, default=30)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print(f"seed {args.seed}: {args.cases} cases of up to {args.steps} steps on 3–5 installations")
    started = time.perf_counter()
    totals = [0, 0]
    for case in range(1, args.cases + 1):
        n = rng.randint(3, 5)
        steps = plan(rng, n, rng.randint(4, args.steps))
        sends = sum(1 for s in steps if s[0] in ("send", "hand") and s[1] != s[2])
        t0 = time.perf_counter()
        try:
            raised, settled = run(n, steps)
        except AssertionError:
            print(f"case {case}: FAILED on {n} installations; plan:\n{steps!r}")
            raise
        totals[0] += raised
        totals[1] += settled
        print(f"case {case:4d}: {n} installations, {len(steps):2d} steps, {sends:2d} workbooks sent before the "
              f"final exchange, {raised} conflicts raised, {settled} settled — agrees with the model, converged "
              f"({time.perf_counter() - t0:.1f} s)")
    print(f"{args.cases} cases agree with the model and converge ({totals[0]} conflicts raised, {totals[1]} settled), "
          f"{time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
