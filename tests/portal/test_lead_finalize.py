"""The lead's submit is the finalization, on SQLite and PostgreSQL: the ordinary submit rules
plus the rationale rule (disagreement, or a final level unlike both assessors'), then the
stored result computed by the program's decision rule, and the program office's CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from lead_world import judge_and_submit, lead_judge, of_type
from support.bundles import write_sample_bundle
from support.portal import S1, S2, TARGETS, World, judge, new_id, submit

from assessor_app.portal.cli import main
from assessor_app.portal.server.assignments import assign
from assessor_app.portal.server.bundles import import_bundle
from assessor_app.portal.server.db import FinalResultRow, read_session
from assessor_app.portal.server.portal import open_portal

FEEDBACK = "Write the reflection at its full length."
EARNED = "SUB-EARNED-0004"


def _released(world: World) -> None:
    judge_and_submit(world, "assessorA")  # eo1.1 P
    judge_and_submit(world, "assessorB")  # eo1.1 N; they agree on every other target


def _final_ops(rationales: dict[str, str], eo12: str = "N") -> list[dict[str, object]]:
    """The lead's final judgments: eo1.1 decided "N" (a disagreement), eo1.2 ``eo12`` (both
    assessors said "N"), the rest as both assessors."""
    levels = {"part1": "P", "part3": "N", "eo1.1": "N", "eo1.2": eo12, "eo2.1": "P"}
    return [
        lead_judge(
            S1,
            target,
            level,
            FEEDBACK if level == "N" else "",
            rationales.get(target, ""),
        )
        for target, level in levels.items()
    ]


def test_rationale_rule_blocks_finalizing_then_the_result_is_stored(db_world: World) -> None:
    _released(db_world)
    lead = db_world.as_("lead1")
    first = lead.ops(*_final_ops({}, eo12="P"))
    assert {r["status"] for r in first} == {"applied"}
    refused = lead.op(submit(S1))
    assert refused["status"] == "invalid"
    # eo1.1: the assessors disagreed; eo1.2: "P" differs from both assessors' "N"
    assert "rationale needed: EO1 · detail 1.1" in refused["message"]
    assert "rationale needed: EO1 · detail 1.2" in refused["message"]
    assert "Part 1" not in refused["message"] and "2.1" not in refused["message"]
    # a rationale without a word does not count
    blank = lead_judge(S1, "eo1.1", "N", FEEDBACK, " - ", base=first[2]["version"])
    blank_answer = lead.op(blank)
    assert blank_answer["status"] == "applied"
    assert "detail 1.1" in lead.op(submit(S1))["message"]
    # the lead follows the assessors on eo1.2 (no rationale needed) and explains eo1.1
    fixed = lead.ops(
        lead_judge(S1, "eo1.1", "N", FEEDBACK, "The minutes do not show co-writing.",
                   base=blank_answer["version"]),
        lead_judge(S1, "eo1.2", "N", FEEDBACK, base=first[3]["version"]),
    )  # fmt: skip
    assert [r["status"] for r in fixed] == ["applied", "applied"]
    done = lead.op(submit(S1))
    assert done["status"] == "applied", done
    assert lead.op(submit(S1))["status"] == "unchanged"
    feed = lead.all_changes()
    assert of_type(feed, "submitted")[-1]["version"] == done["version"]
    locked = lead.op(lead_judge(S1, "eo2.1", "N", FEEDBACK, "late", base=first[4]["version"]))
    assert locked["status"] == "locked"
    stays = lead.op(
        {"op_id": new_id(), "kind": "reassign", "submission_id": S1,
         "from_user": "assessorB", "to_user": "assessorA"}
    )  # fmt: skip
    assert stays == {
        **stays,
        "status": "locked",
        "message": "the result is final; its assessors stay",
    }

    with open_portal(db_world.config) as portal, read_session(portal.engine) as session:
        row = session.get(FinalResultRow, S1)
        assert row is not None
        assert (row.lead, row.result, row.version) == ("lead1", "not_yet", done["version"])
        assert json.loads(row.levels_json) == {
            "part1": "P", "part3": "N", "eo1.1": "N", "eo1.2": "N", "eo2.1": "P",
        }  # fmt: skip
        assert row.finalized_at.endswith("Z")
        assert "minutes do not show" not in row.levels_json + row.feedback_json


def test_rationale_is_needed_when_the_final_level_differs_from_both(world: World) -> None:
    _released(world)
    lead = world.as_("lead1")
    # both assessors said part1 "P": a final "N" needs a rationale; eo1.1 always does
    ops = _final_ops({"eo1.1": "B is right."})
    ops[0] = lead_judge(S1, "part1", "N", FEEDBACK)
    assert {r["status"] for r in lead.ops(*ops)} == {"applied"}
    message = lead.op(submit(S1))["message"]
    assert message == "cannot submit yet: rationale needed: Part 1 – Overview questions"


def test_an_assessor_may_not_write_a_rationale(world: World) -> None:
    answer = world.as_("assessorA").op(lead_judge(S1, "eo1.1", "P", rationale="mine"))
    assert answer["status"] == "invalid" and answer["message"] == "only the lead writes a rationale"
    too_long = world.as_("lead1").op(lead_judge(S1, "eo1.1", "P", rationale="x" * 20_001))
    assert too_long["status"] == "invalid" and "20,000" in too_long["message"]


def _earned_submission(world: World, tmp_path: Path) -> None:
    """A second submission whose reflection meets its minimum, judged proficient by all."""
    bundle = write_sample_bundle(tmp_path / "earned.zip", EARNED, full_reflection=True)
    with open_portal(world.config) as portal:
        import_bundle(portal, bundle)
        for name in ("assessorA", "assessorB", "lead1"):
            assign(portal, EARNED, name)
    for name in ("assessorA", "assessorB"):
        api = world.as_(name)
        assert {r["status"] for r in api.ops(*[judge(EARNED, t, "P") for t in TARGETS])} == {
            "applied"
        }
        assert api.op(submit(EARNED))["status"] == "applied"
    lead = world.as_("lead1")
    # everyone agrees and the lead follows: no rationale is needed anywhere
    assert {r["status"] for r in lead.ops(*[judge(EARNED, t, "P") for t in TARGETS])} == {"applied"}
    assert lead.op(submit(EARNED))["status"] == "applied"


def test_an_earned_result_and_the_program_office_csv(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _released(world)
    lead = world.as_("lead1")
    # Part 3 is below its word minimum, so this sample can never be earned: "not_yet"
    assert {r["status"] for r in lead.ops(*_final_ops({"eo1.1": "Decided on the minutes."}))} == {
        "applied"
    }
    assert lead.op(submit(S1))["status"] == "applied"
    _earned_submission(world, tmp_path)
    with open_portal(world.config) as portal, read_session(portal.engine) as session:
        row = session.get(FinalResultRow, EARNED)
        assert row is not None and row.result == "earned"
    data = str(world.config.data_dir)
    out = tmp_path / "results.csv"
    assert main(["results", "--data", data, "--csv", str(out)]) == 0
    assert "2 finalized submissions, 10 rows" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["submission_id"], r["target_id"], r["level"], r["result"]) for r in rows] == [
        *[(EARNED, t, "P", "earned") for t in TARGETS],
        (S1, "part1", "P", "not_yet"),
        (S1, "part3", "N", "not_yet"),
        (S1, "eo1.1", "N", "not_yet"),
        (S1, "eo1.2", "N", "not_yet"),
        (S1, "eo2.1", "P", "not_yet"),
    ]
    assert "Decided on the minutes" not in out.read_text(encoding="utf-8")
    assert "assessor" not in out.read_text(encoding="utf-8")
    assert main(["results", "--data", data, "--csv", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.replace("\r\n", "\n") == out.read_text(encoding="utf-8").replace(
        "\r\n", "\n"
    )
    assert "2 finalized submissions" in captured.err
    # S2 has one assessor and no lead: nothing of it is final
    assert S2 not in captured.out
