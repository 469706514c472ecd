"""Child process of the crash-durability test: judge in a loop until killed.

Two ways to run it:

``python -m support.judge_writer DATA_DIR SUBMISSION_ID FIRST_SEQ``
    Open the workspace, print ``ready``, then judge until killed.

``python -m support.judge_writer`` (no arguments): a fork server, so that each crash costs a
``fork()`` instead of a Python start-up with SQLAlchemy and Alembic imports (seconds on a slow
machine). For each line ``DATA_DIR<TAB>SUBMISSION_ID<TAB>FIRST_SEQ`` on stdin it forks a writer
(which prints ``ready<TAB><pid>`` and then judges until killed), waits for that writer to end,
and prints ``exited<TAB><pid><TAB><how>``. Everything a writer printed comes before that line.

A writer judges the rubric's targets round-robin. The line ``<target>\\t<level>\\t<seq>\\t<rev>``
is written (one ``write()``, unbuffered) only *after* ``judge()`` returned, i.e. once the app
would have shown "saved". Judgment number ``seq`` has the comment ``seq <seq>`` and the level
:func:`level_for` gives.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from assessor_app.workspace import Workspace


def level_for(seq: int, levels: Sequence[str]) -> str:
    return levels[(seq // 7) % len(levels)]


def _say(fd: int, line: str) -> None:
    os.write(fd, (line + "\n").encode())  # one write: whole lines or nothing


def write_forever(data_dir: Path, submission_id: str, first: int, fd: int) -> None:
    with Workspace.open(data_dir) as ws:
        rubric = ws.submission(submission_id).manifest.rubric
        targets = rubric.target_ids()
        levels = [lv.code for lv in rubric.levels]
        _say(fd, f"ready\t{os.getpid()}")
        seq = first
        while True:
            target = targets[seq % len(targets)]
            level = level_for(seq, levels)
            judged = ws.judge(submission_id, target, level, f"seq {seq}")
            _say(fd, f"{target}\t{level}\t{seq}\t{judged.revision}")
            seq += 1


def serve(fd: int) -> int:
    warm = False
    for command in sys.stdin:
        data_dir, submission_id, first = command.rstrip("\n").split("\t")
        if not warm:  # load what SQLAlchemy and Alembic import lazily, once, before forking
            with Workspace.open(Path(data_dir)) as ws:
                ws.submission(submission_id)
            warm = True
        pid = os.fork()
        if pid == 0:  # the writer
            try:
                write_forever(Path(data_dir), submission_id, int(first), fd)
            except BaseException:
                _say(fd, "error\t" + traceback.format_exc().replace("\n", " | "))
            finally:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            how = signal.Signals(os.WTERMSIG(status)).name
        else:
            how = f"exit {os.WEXITSTATUS(status)}"
        _say(fd, f"exited\t{pid}\t{how}")
    return 0


def main(argv: Sequence[str]) -> int:
    fd = sys.stdout.fileno()
    if not argv:
        return serve(fd)
    write_forever(Path(argv[0]), argv[1], int(argv[2]), fd)
    return 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
