"""Command-line entry points of ``assessor-app``.

``assessor-app`` alone opens the desktop app on the assessor's workspace; ``--demo`` opens it on
a fresh demo workspace filled with the built-in sample submissions. Subcommands work without a
window: ``bundle verify``, ``import``. Qt is imported only when a window is opened, so the
terminal commands start fast and run on machines without a display.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from assessor_app import APP_NAME, __version__
from assessor_app.errors import AssessorError


def default_data_dir() -> Path:
    env = os.environ.get("ASSESSOR_DATA_DIR")
    if env:
        return Path(env)
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    bundle = sub.add_parser("bundle", help="work with submission bundle files")
    bundle_sub = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    verify = bundle_sub.add_parser("verify", help="check a bundle and print a summary")
    verify.add_argument("path", type=Path)

    imp = sub.add_parser("import", help="add bundle files (e.g. from a USB stick) to the workspace")
    imp.add_argument("paths", type=Path, nargs="+")

    sub.add_parser("list", help="list the submissions in the workspace")
    return parser


def _print_versions(out: TextIO) -> None:
    import pymupdf
    import sqlalchemy

    print(f"{APP_NAME} {__version__}", file=out)
    print(f"Python {sys.version.split()[0]}", file=out)
    pymupdf_version, mupdf_version = str(pymupdf.version[0]), str(pymupdf.version[1])
    print(f"MuPDF {mupdf_version} (PyMuPDF {pymupdf_version})", file=out)
    print(f"SQLAlchemy {sqlalchemy.__version__}", file=out)
    try:
        import PySide6
        from PySide6 import QtCore

        print(f"Qt {QtCore.qVersion()} (PySide6 {PySide6.__version__})", file=out)
    except ImportError as exc:
        print(f"Qt: not available ({exc})", file=out)
    try:
        from assessor_app.ui.viewers.vlc_runtime import libvlc_version

        print(f"libVLC {libvlc_version() or 'not found'}", file=out)
    except ImportError as exc:
        print(f"libVLC: not available ({exc})", file=out)


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


def prepare_demo_workspace(data_dir: Path, out: TextIO) -> None:
    """A fresh demo workspace: the sample bundles written by the demo portal, imported."""
    from assessor_app.portal.demo import write_demo_bundles
    from assessor_app.workspace import Workspace

    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="assessor-demo-") as tmp:
        bundles = write_demo_bundles(Path(tmp))
        with Workspace.open(data_dir) as ws:
            for path in bundles:
                ws.import_bundle(path)
    print(f"Demo workspace with {len(bundles)} sample submissions in {data_dir}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    out, err = sys.stdout, sys.stderr
    if args.version:
        _print_versions(out)
        return 0
    data_dir: Path = args.data_dir or (demo_data_dir() if args.demo else default_data_dir())
    try:
        if args.command == "bundle":
            from assessor_app.bundle.summary import run_verify

            return run_verify(args.path, out, err)
        if args.command == "import":
            return _cmd_import(data_dir, args.paths, out, err)
        if args.command == "list":
            return _cmd_list(data_dir, out)
        if args.demo:
            prepare_demo_workspace(data_dir, out)
        from assessor_app.ui.app import run_app

        return run_app(data_dir, demo=args.demo)
    except AssessorError as exc:
        print(f"assessor-app: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
