"""Assessor Workstation: blind, offline scoring of micro-credential submissions."""

# The single source of the version: pyproject.toml reads it from here (hatch's version
# source), so start-up needs no importlib.metadata look-up.
__version__ = "0.1.0"

APP_ID = "org.assessorworkstation.AssessorApp"
APP_NAME = "Assessor Workstation"
