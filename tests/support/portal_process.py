"""The reference portal served by a child Python process on 127.0.0.1 (for benchmarks, so the
client's threads and the server do not share one interpreter's GIL)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SERVER_SCRIPT = """
import sys
from pathlib import Path
from assessor_app.portal.server import PasswordPolicy, PortalConfig, start_portal_in_thread
cfg = PortalConfig(data_dir=Path(sys.argv[1]), db_url=sys.argv[2] or None,
                   passwords=PasswordPolicy(time_cost=1, memory_cost_kib=64, parallelism=1))
running = start_portal_in_thread(cfg)
print(running.url, flush=True)
sys.stdin.read()  # until the parent closes stdin (or dies)
running.stop()
"""


class PortalProcess:
    """The portal of ``data_dir`` served by a child Python process on 127.0.0.1."""

    def __init__(self, data_dir: Path, db_url: str | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVER_SCRIPT, str(data_dir), db_url or ""],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError("the portal process did not start")

    def stop(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
