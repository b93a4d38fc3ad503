"""Kill the process (SIGKILL) while it writes an export workbook, a PDF and a
draft, again and again: no half-written file ever sits under its real name, and
every draft the process reported as saved can be restored."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from app.drafts import DraftStore
from app.services.demo import generate
from db.database import open_database

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
KILLS = 18

WORKER = textwrap.dedent(
    """
    import os
    import sys
    from pathlib import Path
    from app.drafts import DraftStore
    from app.reports import blank_visit_form
    from app.services import Services
    from db.database import open_database

    db_path, out = sys.argv[1], Path(sys.argv[2])
    services = Services(open_database(db_path))
    drafts = DraftStore(out / "drafts")
    n = int((out / "counter").read_text()) if (out / "counter").exists() else 0
    while True:
        n += 1
        drafts.save("visitdraft", "visit", f"草稿 {n}", services.db.installation_id,
                    {"discussion": "企业反映用地指标未落实" * 50, "n": n})
        print(f"D {n}", flush=True)
        services.exchange.export(out / "交换.xlsx")
        print(f"X {n}", flush=True)
        blank_visit_form(out / "空白表.pdf")
        print(f"P {n}", flush=True)
        # The test's own bookkeeping is written atomically too: a kill between truncating and writing
        # a plain write_text left an empty counter, and the next worker failed to read it.
        (out / "counter.tmp").write_text(str(n))
        os.replace(out / "counter.tmp", out / "counter")
    """
)


def test_kills_while_writing_exports_pdfs_and_drafts(tmp_path: Path) -> None:
    db_path = tmp_path / "zhuqi.sqlite"
    db = open_database(db_path)
    generate(db, scale=0.1, seed=4)
    db.close()
    out = tmp_path / "out"
    out.mkdir()
    rng = random.Random(7)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    last_draft = 0
    kinds_done: set[str] = set()
    for kill in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WORKER, str(db_path), str(out)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env)
        # Each kill aims at one kind of write in turn: it waits for the line printed just before that
        # write starts, then a short random delay. Timed from the worker's start instead, kills on a
        # loaded machine landed before the first save or never reached the PDF.
        assert proc.stdout is not None
        target = "DXP"[kill % 3]
        before = {"D": "P", "X": "D", "P": "X"}[target]
        seen = ""
        while not seen.endswith("\n") or not seen.splitlines()[-1].startswith(before):
            line = proc.stdout.readline()
            assert line, proc.stderr.read()[-2000:] if proc.stderr else "the worker stopped"
            seen += line
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL, stderr[-2000:]
        for line in (seen + stdout).splitlines():
            kind, n = line.split()
            kinds_done.add(kind)
            if kind == "D":
                last_draft = max(last_draft, int(n))
        workbook, pdf = out / "交换.xlsx", out / "空白表.pdf"
        if workbook.exists():  # a complete workbook or none: never a torn one
            with zipfile.ZipFile(workbook) as z:
                assert z.testzip() is None
        if pdf.exists():
            data = pdf.read_bytes()
            assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
        drafts, unreadable = DraftStore(out / "drafts").pending(_installation(db_path))
        assert not unreadable
        if last_draft:
            assert json.loads(json.dumps(drafts[0].data))["n"] >= last_draft  # the reported save survived
    assert kinds_done == {"D", "X", "P"}  # kills landed in every kind of write


def _installation(db_path: Path) -> str:
    db = open_database(db_path)
    try:
        return db.installation_id
    finally:
        db.close()
