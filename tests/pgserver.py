"""A throw-away PostgreSQL cluster for the tests: initdb in a temporary folder, a server on
127.0.0.1 at a free port (and a Unix socket in the same folder), stopped and removed at the end.

PostgreSQL refuses to run as root, and CI runs as root: then the cluster belongs to the
`postgres` system user when there is one (the Debian package makes it), else to a system user
`zhuqi-pg` made for it, and its commands run through `runuser`. No password: the cluster
trusts local connections, listens on the loopback only and lives as long as the test run.

Used by tests/conftest.py; `python3 tests/pgserver.py` starts one and prints its URL (Ctrl+C
stops it), for trying the program against a server by hand."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUPERUSER = "zhuqi"


class ServerUnavailable(Exception):
    """No PostgreSQL server could be started here; the message says why."""


def find_bin() -> Path:
    """The folder of PostgreSQL's server programs (initdb, pg_ctl)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if candidates:
        return Path(candidates[-1]).parent
    raise ServerUnavailable("找不到 PostgreSQL 服务器程序 initdb（Debian/Ubuntu：apt-get install -y postgresql）")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _service_user() -> str | None:
    """The unprivileged user to run the server as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "zhuqi-pg"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "zhuqi-pg"],
                   check=True, capture_output=True)
    return "zhuqi-pg"


class Cluster:
    """`folder`: keep the cluster there (made on the first start, started again as it is on the
    next, left in place by stop()) instead of a temporary folder removed at the end."""

    def __init__(self, folder: Path | None = None) -> None:
        self.bin = find_bin()
        self.user = _service_user()
        self.kept = folder is not None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder if folder is not None else Path(tempfile.mkdtemp(prefix="zhuqi-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.running = False

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.folder, check=False)

    def start(self) -> str:
        if self.user is not None:
            user = pwd.getpwnam(self.user)
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        os.chmod(self.folder, 0o700)
        if self.kept and (self.data / "PG_VERSION").exists():
            return self._start()
        done = self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                         "--locale=C.UTF-8", "--no-sync")
        if done.returncode != 0:  # some systems have no C.UTF-8 locale
            shutil.rmtree(self.data, ignore_errors=True)
            done = self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                             "--locale=C", "--no-sync")
        if done.returncode != 0:
            raise ServerUnavailable(f"initdb 失败：{(done.stderr or done.stdout).strip()[-300:]}")
        return self._start()

    def _start(self) -> str:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        done = self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log"),
                         "-w", "-t", "60", "start")
        if done.returncode != 0:
            log = (self.folder / "server.log")
            tail = log.read_text(errors="replace")[-300:] if log.exists() else done.stderr
            raise ServerUnavailable(f"PostgreSQL 未能启动：{tail.strip()}")
        self.running = True
        return self.url("postgres")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def version(self) -> str:
        return self._run("pg_ctl", "--version").stdout.strip()

    def stop(self) -> None:
        if self.running:
            # A kept cluster is shut down cleanly (fsync is off: no crash recovery on its next start).
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast" if self.kept else "immediate", "-w", "stop")
            self.running = False
        if not self.kept:
            shutil.rmtree(self.folder, ignore_errors=True)


def admin(url: str, *statements: str) -> None:
    """Run statements outside a transaction (CREATE/DROP DATABASE) on the server's `postgres` database."""
    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` stops the server too
    cluster = Cluster()
    try:
        print(cluster.start(), flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    except ServerUnavailable as exc:
        print(exc, file=sys.stderr)
    finally:
        cluster.stop()
