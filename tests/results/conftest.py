"""Fixtures of the results tests: the sample submission, earned and not yet."""

from __future__ import annotations

import pytest
from result_samples import FINALIZED_AT, LEAD_EARNED, LEAD_NOT_YET, judgments
from support.bundles import sample_manifest

from assessor_app.domain.model import Manifest
from assessor_app.results.final import FinalResult, final_result


@pytest.fixture
def earned_manifest() -> Manifest:
    return sample_manifest("SUB-EARN-0001", full_reflection=True)


@pytest.fixture
def earned(earned_manifest: Manifest) -> FinalResult:
    return final_result(earned_manifest, judgments(LEAD_EARNED), FINALIZED_AT)


@pytest.fixture
def not_yet_manifest() -> Manifest:
    return sample_manifest("SUB-NYET-0002")


@pytest.fixture
def not_yet(not_yet_manifest: Manifest) -> FinalResult:
    return final_result(not_yet_manifest, judgments(LEAD_NOT_YET), FINALIZED_AT)
