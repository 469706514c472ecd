"""The demo lead's ready work: scored blind through the real op path, released, repeatable."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor_app.bundle.reader import verify_bundle
from assessor_app.domain.reconcile import BlindJudgment, BlindScores, compare
from assessor_app.portal.demo_lead import LEAD_COPIES, PAIR
from assessor_app.portal.server import setup_demo_portal
from assessor_app.portal.server.db import read_session
from assessor_app.portal.server.demo_lead_setup import seed_lead_demo
from assessor_app.portal.server.feed import changes
from assessor_app.portal.server.portal import Portal, open_portal
from assessor_app.portal.server.scores import all_scores
from assessor_app.portal.server.users import find_user

LEAD_IDS = {code for _source, code in LEAD_COPIES}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-lead")
    demo = setup_demo_portal(root / "portal")
    with open_portal(demo.config) as portal:
        assert set(seed_lead_demo(portal, "demo")) == LEAD_IDS
    return root / "portal"


def _feed(portal: Portal, name: str) -> list[dict[str, object]]:
    caller = find_user(portal, name)
    assert caller is not None
    with read_session(portal.engine) as session:
        answer = changes(session, caller, 0, 2000)
    assert not answer["more"]
    return list(answer["changes"])


def _open(root: Path) -> Portal:
    from assessor_app.portal.server.config import PortalConfig

    return open_portal(PortalConfig(data_dir=root))


def test_both_assessors_submitted_and_the_lead_has_both_scores(seeded: Path) -> None:
    with _open(seeded) as portal:
        feed = _feed(portal, "lead1")
        released = {
            c["submission_id"] for c in feed if c["type"] == "assignment" and c.get("released")
        }
        assert released >= LEAD_IDS
        blind = {c["submission_id"]: c for c in feed if c["type"] == "blind_scores"}
        assert set(blind) == LEAD_IDS
        state = {
            (a["submission_id"], a["user"]): a["state"] for a in all_scores(portal)["assignments"]
        }
        for sid in LEAD_IDS:
            assert [s["assessor"] for s in blind[sid]["scores"]] == list(PAIR)  # type: ignore[index]
            assert all(state[(sid, name)] == "submitted" for name in PAIR)


def test_the_pair_disagrees_on_some_details_but_not_most(seeded: Path) -> None:
    with _open(seeded) as portal:
        feed = _feed(portal, "lead1")
        total = disagreeing = 0
        for entry in (c for c in feed if c["type"] == "blind_scores"):
            sid = str(entry["submission_id"])
            sha = next(
                c["bundle"]["sha256"]  # type: ignore[index]
                for c in feed
                if c["type"] == "assignment" and c["submission_id"] == sid
            )
            manifest = verify_bundle(portal.bundle_path(str(sha))).manifest
            a, b = (
                BlindScores(
                    s["assessor"],
                    s["submitted_at"],
                    {
                        j["target_id"]: BlindJudgment(j["level"], j["comment"])
                        for j in s["judgments"]
                    },
                )
                for s in entry["scores"]  # type: ignore[union-attr]
            )
            rows = compare(manifest.rubric, a, b)
            assert all(r.a is not None and r.b is not None for r in rows)
            total += len(rows)
            disagreeing += sum(not r.agree for r in rows)
        assert total > 50
        assert 0.1 < disagreeing / total < 0.5


def test_the_other_demo_assessors_never_see_the_lead_work(seeded: Path) -> None:
    with _open(seeded) as portal:
        for name in ("assessor1", "assessor2"):
            seen = {c["submission_id"] for c in _feed(portal, name)}
            assert not seen & LEAD_IDS
        for name in PAIR:
            assert all(c["type"] != "blind_scores" for c in _feed(portal, name))


def test_seeding_again_changes_nothing(seeded: Path) -> None:
    with _open(seeded) as portal:
        before = all_scores(portal)
        seed_lead_demo(portal, "demo")
        after = all_scores(portal)
    assert after["version"] == before["version"]
    assert after["judgments"] == before["judgments"]
