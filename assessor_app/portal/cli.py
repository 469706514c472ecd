"""``assessor-portal``: the reference portal's command line.

Each subcommand is a function taking the parsed arguments and returning an exit code,
registered in :func:`build_parser`. Exit codes: 0 success, 1 a broken installation, 2 usage
errors, unusable paths and refused actions (argparse uses 2 as well). Every error is one line
on standard error, never a traceback.

    assessor-portal serve --data DIR [--db URL] [--host 127.0.0.1] [--port 8470]
    assessor-portal users add NAME --role assessor|lead|admin --password-stdin --data DIR
    assessor-portal import BUNDLE... --data DIR
    assessor-portal assign SUBMISSION --to NAME [--due YYYY-MM-DD] --data DIR
    assessor-portal unassign SUBMISSION --from NAME [--reason TEXT] --data DIR
    assessor-portal scores --data DIR [--json]
    assessor-portal audit --data DIR [--submission S] [--verify]
    assessor-portal results --data DIR --csv FILE|-
    assessor-portal demo-setup --data DIR
    assessor-portal new-epoch --data DIR
    assessor-portal demo-bundles OUTDIR

Every command that takes ``--data`` also takes ``--db URL`` (default: SQLite in DIR).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from assessor_app.domain.model import Manifest

if TYPE_CHECKING:
    from assessor_app.portal.server.config import PortalConfig
    from assessor_app.portal.server.portal import Portal

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


# --- the portal's commands --------------------------------------------------------------------
class _Refused(Exception):
    """A command cannot go on; the message is printed as one line and the exit code is 2."""


def _fail(message: str) -> int:
    text = " ".join(str(message).split())
    print(f"assessor-portal: error: {text}", file=sys.stderr)
    return EXIT_USAGE


def _config(args: argparse.Namespace) -> PortalConfig:
    from assessor_app.portal.server.config import PortalConfig

    return PortalConfig(data_dir=args.data, db_url=args.db)


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator[Portal]:
    from assessor_app.portal.server.portal import open_portal

    with open_portal(_config(args)) as portal:
        yield portal


def _cmd_serve(args: argparse.Namespace) -> int:
    from assessor_app.portal.server.app import create_app
    from assessor_app.portal.server.runner import bind_socket, url_of, uvicorn_server

    app = create_app(_config(args))
    try:
        sock = bind_socket(args.host, args.port)
    except BaseException:
        app.state.portal.close()
        raise
    url = url_of(sock)
    print(f"Portal serving {url}/ (data: {args.data}); press Ctrl+C to stop", flush=True)
    server = uvicorn_server(app, log_level="warning")
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return EXIT_OK


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            raise _Refused("the two passwords differ")
    else:
        raise _Refused("give the password on standard input with --password-stdin")
    if not password:
        raise _Refused("the password is empty")
    return password


def _cmd_users_add(args: argparse.Namespace) -> int:
    from assessor_app.portal.server.users import add_user

    password = _read_password(args)
    with _opened(args) as portal:
        add_user(portal, args.name, args.role, password)
    print(f"added {args.role} {args.name}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from assessor_app.errors import BundleError
    from assessor_app.portal.server.bundles import import_bundle
    from assessor_app.portal.server.errors import PortalError

    failed = 0
    with _opened(args) as portal:
        for path in args.bundles:
            try:
                done = import_bundle(portal, path)
            except (BundleError, PortalError) as exc:
                failed += 1
                _fail(f"{path}: {exc}")
                continue
            what = "imported" if done.created else "already on the portal"
            print(f"{done.submission_id}  {what}  sha256 {done.bundle_sha256}  {done.size:,} bytes")
            for item in done.stripped:  # what metadata stripping removed (or left) per artifact
                if item.report.removed or item.report.note:
                    print(f"  {item.artifact_id} ({item.path}): {item.report.describe()}")
    return EXIT_USAGE if failed else EXIT_OK


def _cmd_assign(args: argparse.Namespace) -> int:
    from assessor_app.portal.server.assignments import assign

    with _opened(args) as portal:
        done = assign(portal, args.submission, args.to, due=args.due, role=args.as_role)
    print(f"{done.submission_id} -> {done.user} ({done.role}): {done.message}")
    return EXIT_OK


def _cmd_unassign(args: argparse.Namespace) -> int:
    from assessor_app.portal.server.assignments import unassign

    with _opened(args) as portal:
        unassign(portal, args.submission, args.from_user, reason=args.reason)
    print(f"{args.submission} revoked from {args.from_user}")
    return EXIT_OK


def _cmd_scores(args: argparse.Namespace) -> int:
    from assessor_app.portal.server.scores import all_scores

    with _opened(args) as portal:
        data = all_scores(portal)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    for a in data["assignments"]:
        print(f"{a['submission_id']}\t{a['user']}\t{a['role']}\t{a['state']}\tv{a['version']}")
    for j in data["judgments"]:
        level = j["level"] if j["level"] is not None else "-"
        print(f"{j['submission_id']}\t{j['user']}\t{j['target_id']}\t{level}\tv{j['version']}")
    return EXIT_OK


def _cmd_audit(args: argparse.Namespace) -> int:
    from assessor_app.portal.server.audit import events, missing_triggers, verify_chain
    from assessor_app.portal.server.db import read_session

    with _opened(args) as portal, read_session(portal.engine) as session:
        if args.submission is not None or not args.verify:
            for event in events(session, args.submission):
                print(
                    f"#{event.id}\t{event.at}\t{event.actor}\t{event.action}\t"
                    f"{event.submission_id or '-'}\t{event.target_id or '-'}\t{event.detail_json}"
                )
        if not args.verify:
            return EXIT_OK
        check = verify_chain(session)
        lacking = missing_triggers(session)
    if not check.intact:
        return _fail(f"the audit trail is broken at event #{check.broken_id}: {check.problem}")
    if lacking:
        return _fail(
            f"the audit trail is intact ({check.count} events) but the database lacks "
            f"{', '.join(lacking)}: rows could be changed"
        )
    print(f"audit trail intact: {check.count} events, last hash {check.last_hash}")
    return EXIT_OK


def _cmd_results(args: argparse.Namespace) -> int:
    from assessor_app.portal.server.results_export import final_results
    from assessor_app.results.csv_export import write_results_csv, write_results_csv_file

    with _opened(args) as portal:
        results = final_results(portal)
    if args.csv == "-":
        rows = write_results_csv(results, sys.stdout)
        sys.stdout.flush()
        print(f"{len(results)} finalized submissions, {rows} rows", file=sys.stderr)
        return EXIT_OK
    rows = write_results_csv_file(results, Path(args.csv))
    print(f"{len(results)} finalized submissions, {rows} rows in {args.csv}")
    return EXIT_OK


def _cmd_demo_setup(args: argparse.Namespace) -> int:
    from assessor_app.portal.demo import DemoMediaMissing
    from assessor_app.portal.server.demo_setup import setup_demo_portal

    try:
        demo = setup_demo_portal(args.data, db_url=args.db)
    except DemoMediaMissing as exc:  # a broken installation
        print(f"assessor-portal: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for user in demo.users:
        print(f"user {user.name} ({user.role}), password {user.password!r}")
    print(f"{len(demo.submission_ids)} submissions: {', '.join(demo.submission_ids)}")
    print(f"serve it with: assessor-portal serve --data {args.data}")
    return EXIT_OK


def _cmd_new_epoch(args: argparse.Namespace) -> int:
    from assessor_app.portal.server.db import write_session
    from assessor_app.portal.server.versions import start_new_epoch

    with _opened(args) as portal, write_session(portal.engine) as session:
        epoch = start_new_epoch(session)
    print(f"new epoch {epoch}: clients will pull everything again")
    return EXIT_OK


def _run_guarded(handler: Handler, args: argparse.Namespace) -> int:
    """Run ``handler``; an expected failure becomes one line on standard error and exit 2."""
    from sqlalchemy.exc import SQLAlchemyError

    from assessor_app.errors import AssessorError

    try:
        return handler(args)
    except (_Refused, AssessorError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}")
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return _fail(f"database error: {reason[0] if reason else type(exc).__name__}")
    except Exception as exc:  # noqa: BLE001 - a bug; still one line, never a traceback
        return _fail(f"unexpected {type(exc).__name__}: {exc}")


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, required=True, metavar="DIR", help="the portal's data folder"
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="SQLAlchemy database URL (default: SQLite in DIR), "
        "e.g. postgresql+psycopg://portal@/portal",
    )


def _add_portal_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser("serve", help="serve the portal over HTTP")
    _add_data(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8470, help="port to listen on (0: any)")
    serve.set_defaults(handler=_cmd_serve)

    users = commands.add_parser("users", help="manage users")
    user_commands = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help="add a user")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=["assessor", "lead", "admin"])
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    _add_data(add)
    add.set_defaults(handler=_cmd_users_add)

    imp = commands.add_parser(
        "import", help="verify, sign and store submission bundles; prints each submission id"
    )
    imp.add_argument("bundles", nargs="+", type=Path, metavar="BUNDLE")
    _add_data(imp)
    imp.set_defaults(handler=_cmd_import)

    asg = commands.add_parser(
        "assign", help="assign a submission (at most two assessors and one lead)"
    )
    asg.add_argument("submission", metavar="SUBMISSION")
    asg.add_argument("--to", required=True, metavar="NAME")
    asg.add_argument("--due", metavar="YYYY-MM-DD", default=None)
    asg.add_argument(
        "--as",
        dest="as_role",
        choices=["assessor", "lead"],
        default=None,
        help="the role on this submission (default: the user's role)",
    )
    _add_data(asg)
    asg.set_defaults(handler=_cmd_assign)

    una = commands.add_parser("unassign", help="revoke an assignment")
    una.add_argument("submission", metavar="SUBMISSION")
    una.add_argument("--from", dest="from_user", required=True, metavar="NAME")
    una.add_argument("--reason", default="reassigned")
    _add_data(una)
    una.set_defaults(handler=_cmd_unassign)

    scores = commands.add_parser("scores", help="every assignment and judgment, for audits")
    scores.add_argument("--json", action="store_true", help="print JSON")
    _add_data(scores)
    scores.set_defaults(handler=_cmd_scores)

    aud = commands.add_parser(
        "audit", help="the audit trail of every change (one line each), or --verify its chain"
    )
    aud.add_argument("--submission", metavar="S", default=None, help="only this submission")
    aud.add_argument(
        "--verify",
        action="store_true",
        help="walk the hash chain; exit 2 naming the first broken event",
    )
    _add_data(aud)
    aud.set_defaults(handler=_cmd_audit)

    res = commands.add_parser(
        "results", help="the final results as CSV for program records (one row per target)"
    )
    res.add_argument(
        "--csv", required=True, metavar="FILE", help="where to write the CSV ('-': standard output)"
    )
    _add_data(res)
    res.set_defaults(handler=_cmd_results)

    demo = commands.add_parser(
        "demo-setup",
        help="demo users (assessor1, assessor2, lead1; password 'demo') and bundles",
    )
    _add_data(demo)
    demo.set_defaults(handler=_cmd_demo_setup)

    epoch = commands.add_parser(
        "new-epoch", help="after restoring the database from a backup: clients re-sync"
    )
    _add_data(epoch)
    epoch.set_defaults(handler=_cmd_new_epoch)


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
    _add_portal_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    if handler is _cmd_demo_bundles:
        return handler(args)
    return _run_guarded(handler, args)
