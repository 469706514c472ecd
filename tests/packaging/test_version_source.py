"""The version has one source (assessor_app/__init__.py); the installed metadata agrees."""

from __future__ import annotations

import importlib.metadata
import re

import assessor_app


def test_the_installed_metadata_reads_the_package_version() -> None:
    assert importlib.metadata.version("assessor-workstation") == assessor_app.__version__


def test_the_version_is_a_release_number() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+([ab]\d+|rc\d+)?", assessor_app.__version__)
