"""``assessor-portal``: the reference portal's command line.

Each subcommand is a function taking the parsed arguments and returning an exit code,
registered in :func:`build_parser`; add new ones there (serve, users, import, assign, ...).
Exit codes: 0 success, 1 a broken installation, 2 usage errors and unusable paths (argparse
uses 2 as well).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from assessor_app.domain.model import Manifest

Handler = Callable[[argparse.Namespace], int]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def _human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.0f} kB"


def _describe(manifest: Manifest) -> str:
    kinds: dict[str, int] = {}
    for artifact in manifest.artifacts:
        kinds[artifact.kind.value] = kinds.get(artifact.kind.value, 0) + 1
    parts = ", ".join(
        f"{n} {kind}{'s' if n != 1 and kind != 'audio' else ''}" for kind, n in kinds.items()
    )
    return f"{manifest.credential.title} {manifest.credential.version}; {parts}"


def _cmd_demo_bundles(args: argparse.Namespace) -> int:
    from assessor_app.portal.demo import DemoMediaMissing, write_demo_bundles

    outdir: Path = args.outdir
    total = 0

    def report(path: Path, manifest: Manifest) -> None:
        nonlocal total
        size = path.stat().st_size
        total += size
        print(f"{path}  {_human_size(size):>8}  {_describe(manifest)}")

    def fail(reason: str) -> int:
        print(f"assessor-portal: error: cannot write to {outdir}: {reason}", file=sys.stderr)
        return EXIT_USAGE

    if outdir.exists() and not outdir.is_dir():
        return fail("it exists and is not a folder")
    try:
        written = write_demo_bundles(outdir, on_written=report)
    except OSError as exc:
        return fail(exc.strerror or str(exc))
    except DemoMediaMissing as exc:  # a broken installation, not the user's path
        print(f"assessor-portal: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"{len(written)} demo bundles, {_human_size(total)} in total, in {outdir}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assessor-portal",
        description="Reference portal for the assessor workstation.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser(
        "demo-bundles",
        help="write the anonymized demo submission bundles",
        description="Write five anonymized demo submission bundles (three credentials, real "
        "PDFs, a video and an audio recording) into OUTDIR, creating it if needed. "
        "The output is the same, byte for byte, on every run.",
    )
    demo.add_argument("outdir", type=Path, metavar="OUTDIR", help="folder to write into")
    demo.set_defaults(handler=_cmd_demo_bundles)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    return handler(args)
