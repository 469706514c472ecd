"""A throw-away PostgreSQL cluster for tests: initdb into a temp dir, a server listening only
on a Unix socket in that dir, fsync off. As root the cluster belongs to the ``postgres`` user
(PostgreSQL refuses to run as root). ``why_unavailable()`` says why one cannot be made here."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

PORT = 5432


def find_bindir() -> Path | None:
    on_path = shutil.which("initdb")
    candidates = [on_path] if on_path else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    candidates += sorted(glob.glob("/usr/local/pgsql/bin/initdb"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate).parent
    return None


def why_unavailable() -> str | None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return (
            "psycopg (the PostgreSQL driver) is not installed; it is in the dev group: "
            "`uv sync` (or add psycopg[binary]>=3.2)"
        )
    if find_bindir() is None:
        return "PostgreSQL server binaries (initdb) not found; apt-get install postgresql"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to own the test cluster"
    return None


class Cluster:
    def __init__(self) -> None:
        bindir = find_bindir()
        assert bindir is not None
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="pgt-"))  # short: socket paths are short
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as: list[str] = []
        if os.geteuid() == 0:
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self._as, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def start(self) -> None:
        self._run(
            str(self.bindir / "initdb"),
            "-D", str(self.data),
            "-U", "postgres",
            "-A", "trust",
            "-E", "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )  # fmt: skip
        options = (
            f"-k {self.root} -c listen_addresses= -p {PORT} -F "
            "-c full_page_writes=off -c synchronous_commit=off -c max_connections=60"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D", str(self.data),
            "-l", str(self.log),
            "-w", "-t", "60",
            "-o", options,
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.root} port={PORT} user=postgres dbname={dbname}"

    def new_database(self, template: str | None = None) -> str:
        """A fresh database (empty, or a copy of the database ``template``, which must have no
        connections); its SQLAlchemy URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@/{name}?host={self.root}&port={PORT}"

    @staticmethod
    def name_of(url: str) -> str:
        return url.split("/")[3].split("?")[0]
