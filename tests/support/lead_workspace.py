"""Workspaces on a lead's device for the UI tests, filled through the real store path: the
sample bundles are imported, the workspace is signed in (identity pinned) as ``lead1``, and
the lead's feed entries (contract JSON, :mod:`support.lead_data`) go through the real parser
into ``Workspace.apply_changes``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assessor_app.workspace import Workspace
from support.bundles import write_sample_bundle
from support.lead_data import (
    SCORES_A,
    SCORES_B,
    SUBMITTED_A,
    SUBMITTED_B,
    assignment_json,
    blind_scores_json,
    feed,
    pin,
)
from support.signed_bundles import new_key

Scores = Mapping[str, tuple[str, str]]


@dataclass(frozen=True)
class Released:
    """One submission of a lead's workspace and what its assessors gave it."""

    submission_id: str
    a: Scores = field(default_factory=lambda: dict(SCORES_A))
    b: Scores = field(default_factory=lambda: dict(SCORES_B))
    submitted: tuple[str, str] = (SUBMITTED_A, SUBMITTED_B)  # the later one dates the release
    names: tuple[str, str] = ("assessor1", "assessor2")
    credential_id: str = "cred-test"
    credential_title: str = "Test Credential"
    released: bool = True


class LeadDevice:
    """A workspace holding sample bundles, signed in as a lead; :meth:`add` assigns (and
    releases) submissions to that lead through the feed."""

    def __init__(
        self,
        workspace: Workspace,
        bundles_dir: Path,
        submission_ids: Sequence[str],
        *,
        user: str = "lead1",
        full_reflection: bool = False,
    ) -> None:
        self.workspace = workspace
        self.version = 10
        self.bundles: dict[str, Path] = {}
        bundles_dir.mkdir(parents=True, exist_ok=True)
        for submission_id in submission_ids:  # imported before signing in: they are unsigned
            bundle = write_sample_bundle(
                bundles_dir / f"{submission_id}.zip",
                submission_id,
                full_reflection=full_reflection,
            )
            assert workspace.import_bundle(bundle) == submission_id
            self.bundles[submission_id] = bundle
        pin(workspace, new_key(), user)

    def add(self, submissions: Sequence[Released]) -> None:
        """Assign each submission to the lead, with its scores released unless
        ``released`` is False."""
        entries: list[dict[str, Any]] = []
        for sub in submissions:
            self.version += 1
            entry = assignment_json(
                self.version,
                bundle=self.bundles[sub.submission_id],
                released=sub.released,
                submission_id=sub.submission_id,
                credential_id=sub.credential_id,
            )
            entry["credential"]["title"] = sub.credential_title
            entries.append(entry)
            if sub.released:
                entries.append(
                    blind_scores_json(
                        self.version,
                        sub.a,
                        sub.b,
                        submitted=sub.submitted,
                        names=sub.names,
                        submission_id=sub.submission_id,
                    )
                )
        feed(self.workspace, entries)
