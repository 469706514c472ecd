"""The log file: where it goes, that it rotates, and that the privacy filter keeps candidate
content out of it, whether the app registered the text or only its shape gives it away."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError
from support.bundles import sample_manifest

from assessor_app.logging_setup import (
    BACKUP_COUNT,
    LOG_FILE,
    MAX_BYTES,
    PRIVACY,
    configure_logging,
    current_log_file,
    log_dir,
    protect,
    protect_submission,
    shutdown_logging,
)

log = logging.getLogger("assessor_app.test_logging")


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = configure_logging(tmp_path / "logs", level=logging.DEBUG)
    assert path is not None
    yield path
    shutdown_logging()
    PRIVACY.forget_all()


def written(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_the_log_lives_in_the_users_log_folder() -> None:
    assert log_dir().is_relative_to(Path(os.environ["XDG_STATE_HOME"]))
    path = configure_logging()
    try:
        assert path == log_dir() / LOG_FILE
        assert current_log_file() == path
        logging.getLogger("assessor_app").warning("hello from SUB-0001")
        assert "hello from SUB-0001" in written(path)
    finally:
        shutdown_logging()
    assert current_log_file() is None


def test_registered_narrative_and_metadata_never_reach_the_file(log_file: Path) -> None:
    manifest = sample_manifest()
    protect_submission(manifest)
    section = manifest.narratives[0].sections[0].text
    sentence = next(s for s in section.split(". ") if len(s) > 20)
    artifact = manifest.artifacts[0]
    log.info("opened %s: %s", manifest.submission_id, section)
    log.warning("a sentence of it: %s", sentence)
    log.warning("artifact %s at %s", artifact.title, artifact.path)
    feedback = "Your reflection names the norms but never says how the team agreed on them"
    protect([feedback])
    log.error("could not save feedback %s for eo1.1", feedback)
    content = written(log_file)
    assert manifest.submission_id in content  # opaque codes are what the log is for
    for secret in (section, sentence, artifact.title, artifact.path, feedback):
        assert secret not in content, secret
    assert "[removed]" in content


def test_content_shaped_text_is_removed_even_unregistered(log_file: Path) -> None:
    log.warning("file /data/ws/bundles/SUB-7/artifacts/jane-doe-portfolio.pdf failed")
    log.warning("reply from jane.doe@example.org")
    log.warning("value %r", "a quoted sentence that is long enough to be somebody's prose")
    engine = create_engine("sqlite://")
    with engine.begin() as c:
        c.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, comment TEXT)"))
        c.execute(text("INSERT INTO t VALUES (1, 'first')"))
    try:
        with engine.begin() as c:
            c.execute(
                text("INSERT INTO t VALUES (:id, :comment)"),
                {"id": 1, "comment": "feedback that only a parameter list carries"},
            )
    except IntegrityError:
        log.exception("storing a judgment failed")
    content = written(log_file)
    for secret in (
        "jane-doe-portfolio",
        "jane.doe@example.org",
        "long enough to be somebody",
        "only a parameter list carries",
    ):
        assert secret not in content, secret
    assert "SUB-7" in content and "IntegrityError" in content
    assert "[parameters removed]" in content


def test_the_file_rotates_at_one_megabyte_keeping_five(log_file: Path) -> None:
    line = "x" * 1000
    for n in range(int(MAX_BYTES / 1000) * (BACKUP_COUNT + 2)):
        log.info("%05d %s", n, line)
    files = sorted(p.name for p in log_file.parent.iterdir())
    assert files == [LOG_FILE] + [f"{LOG_FILE}.{n}" for n in range(1, BACKUP_COUNT + 1)]
    assert all((log_file.parent / f).stat().st_size <= MAX_BYTES + 2000 for f in files)


def test_an_unwritable_folder_means_no_log_file_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    assert configure_logging(blocker / "logs") is None
