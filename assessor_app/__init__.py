"""Assessor Workstation: blind, offline scoring of micro-credential submissions."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("assessor-workstation")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

APP_ID = "org.assessorworkstation.AssessorApp"
APP_NAME = "Assessor Workstation"
