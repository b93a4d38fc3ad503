"""Files read ahead of the merge in worker processes: the same merge, the same
report, in the same order, as reading them one by one in the merging process —
also when a worker dies in the middle."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest

from app.clock import FixedClock
from app.exchange import readahead
from app.exchange.importer import ImportOptions, run_import
from app.exchange.records import iter_records
from app.exchange.schema import SHEETS
from app.exchange.selection import ExportFilter
from app.exchange.values import content_hash
from app.services import Services
from app.services.demo import generate
from db.database import open_database
from tests.conftest import TODAY
from tests.factories import acting


def _snapshot(services: Services) -> dict[str, dict[str, str]]:
    with services.db.session() as s:
        return {spec.key: {r["id"]: content_hash(spec, r) for r in iter_records(s, spec)} for spec in SHEETS}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Eight workbooks from two installations (one per region, overlapping), a broken file and a lock file."""
    out = tmp_path / "收件"
    out.mkdir()
    for n, seed in enumerate((5, 6)):
        source = acting(Services(open_database(tmp_path / f"source{n}.sqlite"), FixedClock(TODAY)))
        source.profile.set(f"干部{n}", "工信局")
        generate(source.db, scale=0.2, seed=seed, today=TODAY)
        regions = source.enterprises.regions()[:4]
        for region in regions:
            source.exchange.export(out / f"{n}-{region}.xlsx", ExportFilter(region=region))
        source.db.close()
    (out / "损坏.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (out / "~$0-锁定.xlsx").write_bytes(b"lock")
    return out


def _import(tmp_path: Path, name: str, folder: Path, workers: int) -> tuple[Services, list[Any]]:
    office = acting(Services(open_database(tmp_path / f"{name}.sqlite"), FixedClock(TODAY)))
    report = run_import(office.db, "办公室", [folder], ImportOptions(today=TODAY, read_workers=workers))
    files = [(Path(f.path).name, f.status, f.error, f.counts, f.rejections, f.notes) for f in report.files]
    return office, files


def test_workers_merge_exactly_as_reading_in_process(tmp_path: Path, folder: Path) -> None:
    inline, inline_files = _import(tmp_path, "inline", folder, workers=0)
    ahead, ahead_files = _import(tmp_path, "ahead", folder, workers=2)
    assert ahead_files == inline_files
    assert [f[1] for f in ahead_files].count("failed") == 1  # the broken file, named in its report
    assert _snapshot(ahead) == _snapshot(inline)
    assert sum(len(v) for v in _snapshot(ahead).values()) > 100
    assert len(ahead.exchange.conflicts()) == len(inline.exchange.conflicts())
    inline.db.close()
    ahead.db.close()


@pytest.mark.skipif(os.name == "nt", reason="kills the worker with a POSIX signal")
def test_a_worker_killed_mid_import_loses_nothing(tmp_path: Path, folder: Path) -> None:
    # A file given twice (a folder and a file in it) is read twice, in its places.
    files = sorted(p for p in folder.iterdir() if not p.name.startswith("~$"))
    paths = [files[0], *files]
    expected = [readahead.read_file(p, {}, TODAY) for p in paths]
    with readahead.ReadAhead(paths, dict, TODAY, workers=1) as reads:
        got = [reads.read(paths[0])]
        pool = reads._pool
        assert pool is not None
        for process in list(pool._processes.values()):  # the system kills the reader
            os.kill(process.pid, signal.SIGKILL)
        got += [reads.read(p) for p in paths[1:]]
    assert [(r.path, r.failure, r.meta) for r in got] == [(r.path, r.failure, r.meta) for r in expected]
    # Read in this process (the first file, and the rest once the pool is gone), a workbook is parsed as
    # its merge takes the pieces (one a sheet at this size): the same pieces as a worker's whole read.
    assert [_pieces(r) for r in got] == [_pieces(r) for r in expected]
    assert any(r.streamed is not None for r in got)


def _pieces(read: readahead.FileRead) -> list[tuple[str, int, int]]:
    try:
        return [(spec.key, len(res.records), len(res.rejected)) for spec, res in read.chunks()]
    finally:
        if read.book is not None:
            read.book.close()


def test_few_files_are_read_in_process() -> None:
    assert readahead.default_workers(readahead.MIN_FILES_FOR_WORKERS - 1) == 0
