"""Command-line entry points of ``assessor-app``.

``assessor-app`` alone opens the desktop app on the assessor's workspace; ``--demo`` opens it on
a fresh demo workspace filled with the built-in sample submissions. Subcommands work without a
window: ``bundle verify``, ``import``, ``list``, ``login`` and ``sync``. Qt is imported only when a
window is opened, so the terminal commands start fast and run on machines without a display.

``sync`` exits 0 when everything is up to date, 1 when the person has something to do
(conflicts to resolve, changes the portal did not accept, downloads that failed), 2 on errors
(portal unreachable, not signed in), 130 when cancelled with Ctrl-C.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from assessor_app import APP_NAME
from assessor_app.errors import AssessorError, NotSignedInError, SyncCancelledError

if TYPE_CHECKING:
    from assessor_app.demo import DemoEnvironment
    from assessor_app.sync.engine import SyncProgress, SyncReport

EXIT_OK = 0
EXIT_ACTION_NEEDED = 1  # sync: conflicts, not accepted changes, failed downloads
EXIT_ERROR = 2
EXIT_CANCELLED = 130


def default_data_dir() -> Path:
    env = os.environ.get("ASSESSOR_DATA_DIR")
    if env:
        return Path(env)
    from assessor_app.settings import configured_data_dir

    chosen = configured_data_dir()  # Edit ▸ Preferences ▸ Workspace folder
    if chosen is not None:
        return chosen
    from platformdirs import user_data_path

    return user_data_path("assessor-workstation", appauthor=False)


def demo_data_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("assessor-workstation", appauthor=False) / "demo"


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assessor-app",
        description=f"{APP_NAME}: blind, offline scoring of micro-credential submissions.",
    )
    parser.add_argument("--version", action="store_true", help="print versions and exit")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="workspace folder (default: per-user data)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a fresh demo workspace with sample submissions (your own data is untouched)",
    )
    parser.add_argument(
        "--demo-user",
        choices=("assessor1", "assessor2", "lead1"),
        default="assessor1",
        help="with --demo: who to sign in as (lead1 reconciles scored submissions)",
    )
    # For packaging checks: open the real main window on a new temporary workspace (or on
    # --data-dir), wait for its first paint (with --demo: its first sync), print "smoke ok"
    # and exit 0.
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    bundle = sub.add_parser("bundle", help="work with submission bundle files")
    bundle_sub = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    verify = bundle_sub.add_parser("verify", help="check a bundle and print a summary")
    verify.add_argument("path", type=Path)

    imp = sub.add_parser("import", help="add bundle files (e.g. from a USB stick) to the workspace")
    imp.add_argument("paths", type=Path, nargs="+")

    sub.add_parser("list", help="list the submissions in the workspace")

    login = sub.add_parser(
        "login", help="sign in to a portal (the token is kept in the OS keyring, never a file)"
    )
    login.add_argument("--server", required=True, help="the portal's address, e.g. https://...")
    login.add_argument("--user", required=True, help="your user name on the portal")
    login.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (otherwise it is asked for)",
    )

    sync = sub.add_parser(
        "sync", help="send your changes, receive the portal's, download assigned bundles"
    )
    sync.add_argument(
        "--stall-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="give up a download that sends nothing for this long (default 30)",
    )
    return parser


def _print_versions(out: TextIO) -> None:
    """One ``name: version`` line per component; Qt is loaded but no GUI is started."""
    from assessor_app.runtime_versions import LIBVLC_MISSING, runtime_versions

    versions = runtime_versions()
    for name, value in versions.items():
        print(f"{name}: {value}", file=out)
    if versions.get("libVLC") == LIBVLC_MISSING:
        from assessor_app.ui.viewers.vlc_runtime import install_hint

        print(f"  {install_hint()}", file=out)


def _cmd_import(data_dir: Path, paths: Sequence[Path], out: TextIO, err: TextIO) -> int:
    from assessor_app.workspace import Workspace

    failures = 0
    with Workspace.open(data_dir) as ws:
        for index, path in enumerate(paths, start=1):
            prefix = f"[{index}/{len(paths)}]"
            try:
                submission_id = ws.import_bundle(path)
            except AssessorError as exc:
                failures += 1
                print(f"{prefix} {path.name}: not imported: {exc}", file=err)
            except OSError as exc:
                failures += 1
                print(f"{prefix} {path.name}: cannot read: {exc.strerror or exc}", file=err)
            else:
                print(f"{prefix} {path.name}: imported as {submission_id}", file=out)
    return 2 if failures else 0


def _cmd_list(data_dir: Path, out: TextIO) -> int:
    from assessor_app.workspace import Workspace

    with Workspace.open(data_dir) as ws:
        rows = ws.submissions()
        if not rows:
            print("No submissions yet. Import a bundle or sync with a portal.", file=out)
        for s in rows:
            print(
                f"{s.id:<16} {s.status.value:<12} {s.judged:>3}/{s.total:<3} "
                f"{s.credential_title} ({s.credential_version})",
                file=out,
            )
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n").removesuffix("\r")
    if not sys.stdin.isatty():
        raise NotSignedInError("No password: pass --password-stdin and pipe it in.")
    return getpass.getpass("Password: ")


def _cmd_login(
    data_dir: Path, server: str, user: str, password_stdin: bool, out: TextIO, err: TextIO
) -> int:
    from assessor_app.sync.client import normalize_server
    from assessor_app.sync.session import sign_in
    from assessor_app.workspace import Workspace

    server = normalize_server(server)
    password = _read_password(password_stdin)
    if not password:
        print("assessor-app: no password given; nothing was changed.", file=err)
        return EXIT_ERROR
    with Workspace.open(data_dir) as ws:  # sign_in checks the keyring before the login
        done = sign_in(
            ws, server, user, password, warn=lambda m: print(f"assessor-app: {m}", file=err)
        )
    print(
        f"Signed in to {done.server} as {done.username} ({done.role}); "
        f"portal {done.state.portal_id} and its signing key are pinned to this workspace.",
        file=out,
    )
    return EXIT_OK


def _human_bytes(n: int) -> str:
    if n >= 1_000_000_000:
        return f"{n / 1_000_000_000:.1f} GB"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1000:.1f} kB"


class _ProgressPrinter:
    """Sync progress on stderr: a redrawn bar on a terminal, plain lines otherwise."""

    WIDTH = 10

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self._last = ""
        self._phases: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, p: SyncProgress) -> None:
        with self._lock:
            if p.phase != "download":
                if p.phase not in self._phases and not self.tty:
                    text = "sending changes" if p.phase == "push" else "receiving changes"
                    print(text, file=self.stream, flush=True)
                self._phases.add(p.phase)
                return
            if p.bundles_total == 0:
                return
            size = f"{_human_bytes(p.bytes_done)}"
            if self.tty:
                filled = self.WIDTH * p.bytes_done // p.bytes_total if p.bytes_total else 0
                bar = "#" * filled + "-" * (self.WIDTH - filled)
                line = f"[{bar}] {p.bundles_done}/{p.bundles_total} bundles {size}"
                if line != self._last:
                    print(f"\r{line}", end="", file=self.stream, flush=True)
                    self._last = line
            elif p.current is None:  # a bundle finished
                line = f"downloaded {p.bundles_done}/{p.bundles_total} bundles ({size})"
                if line != self._last:
                    print(line, file=self.stream, flush=True)
                    self._last = line

    def finish(self) -> None:
        with self._lock:
            if self.tty and self._last:
                print(file=self.stream, flush=True)
                self._last = ""


def _print_report(report: SyncReport, out: TextIO) -> None:
    failures = f", {len(report.download_failures)} failed" if report.download_failures else ""
    print(
        f"Sent {report.sent} change(s), {report.acked} acknowledged; received "
        f"{report.applied} change(s); downloaded {report.downloaded} bundle(s){failures}.",
        file=out,
    )
    for submission_id, why in report.download_failures:
        print(f"  {submission_id}: {why}", file=out)
    if report.revoked_unacknowledged:
        print(
            f"{report.revoked_unacknowledged} submission(s) were withdrawn by the portal; "
            "your work on them is kept.",
            file=out,
        )
    if report.up_to_date:
        print("Up to date.", file=out)


def _cmd_sync(data_dir: Path, stall_timeout: float, out: TextIO, err: TextIO) -> int:
    from assessor_app.sync.engine import SyncEngine
    from assessor_app.sync.session import open_client
    from assessor_app.workspace import Workspace

    with Workspace.open(data_dir) as ws:
        cancel = threading.Event()
        printer = _ProgressPrinter(err)
        outcome: list[SyncReport | BaseException] = []
        hint = "run `assessor-app login --server URL --user NAME`"
        with open_client(ws, cancel=cancel, sign_in_hint=hint) as client:
            engine = SyncEngine(ws, client, stall_timeout=stall_timeout)

            def work() -> None:
                try:
                    outcome.append(engine.run(progress=printer, cancel=cancel))
                except BaseException as exc:  # noqa: BLE001 - re-raised by the main thread
                    outcome.append(exc)

            worker = threading.Thread(target=work, name="sync", daemon=True)
            worker.start()
            try:
                while worker.is_alive():
                    worker.join(0.2)
            except KeyboardInterrupt:
                cancel.set()
                printer.finish()
                print("Cancelling…", file=err, flush=True)
                worker.join()
            printer.finish()
    result = outcome[0] if outcome else SyncCancelledError("Sync cancelled.")
    if isinstance(result, SyncCancelledError):
        print(f"assessor-app: {result}", file=err)
        return EXIT_CANCELLED
    if isinstance(result, BaseException):
        raise result
    _print_report(result, out)
    if not result.up_to_date:
        print(f"assessor-app: not up to date: {result.reason()}.", file=err)
        return EXIT_ACTION_NEEDED
    return EXIT_OK


def _smoke_test(data_dir: Path | None, demo: bool, out: TextIO, err: TextIO) -> int:
    """``--smoke-test``: the real start-up on a throw-away workspace (see ``ui/smoke.py``)."""
    import shutil
    import tempfile

    from assessor_app.ui.app import run_app
    from assessor_app.ui.smoke import run_smoke_test

    scratch = None if data_dir else Path(tempfile.mkdtemp(prefix="assessor-smoke-"))
    root = data_dir or scratch
    assert root is not None
    try:
        if not demo:
            return run_smoke_test(root, run_app, out=out, err=err)
        from assessor_app.demo import start_demo

        environment = start_demo(root, out)
        try:
            return run_smoke_test(
                environment.workspace_dir, lambda d: run_app(d, demo=True), out=out, err=err
            )
        finally:
            environment.stop()
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    out, err = sys.stdout, sys.stderr
    if args.version:
        _print_versions(out)
        return 0
    from assessor_app.logging_setup import configure_logging

    configure_logging()
    data_dir: Path = args.data_dir or (demo_data_dir() if args.demo else default_data_dir())
    try:
        if args.command == "bundle":
            from assessor_app.bundle.summary import run_verify

            return run_verify(args.path, out, err)
        if args.command == "import":
            return _cmd_import(data_dir, args.paths, out, err)
        if args.command == "list":
            return _cmd_list(data_dir, out)
        if args.command == "login":
            return _cmd_login(data_dir, args.server, args.user, args.password_stdin, out, err)
        if args.command == "sync":
            return _cmd_sync(data_dir, args.stall_timeout, out, err)
        if args.smoke_test:
            return _smoke_test(args.data_dir, args.demo, out, err)
        from assessor_app.ui.app import run_app

        if not args.demo:
            # "Try the demo" on the welcome page: the demo is started here, where the
            # portal may be imported (the ui never imports it).
            def demo_starter() -> DemoEnvironment:
                from assessor_app.demo import start_demo

                return start_demo(demo_data_dir(), out)

            return run_app(data_dir, demo_starter=demo_starter)
        from assessor_app.demo import start_demo

        demo = start_demo(args.data_dir or demo_data_dir(), out, args.demo_user)
        try:
            return run_app(demo.workspace_dir, demo=True)
        finally:
            demo.stop()
    except AssessorError as exc:
        print(f"assessor-app: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
