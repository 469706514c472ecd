"""Every error the core raises, each with a message a person can act on.

The UI and the CLI show ``str(error)`` as it is; keep messages short, specific, and free of
candidate content (only opaque submission ids may appear).
"""

from __future__ import annotations


class AssessorError(Exception):
    """Base class of every expected, explainable failure."""


# --- bundles -------------------------------------------------------------------------------
class BundleError(AssessorError):
    """The bundle cannot be accepted. Nothing from it was kept."""


class BundleFormatError(BundleError):
    """Not a readable zip, or the archive is truncated or corrupt."""


class HostileBundleError(BundleError):
    """The archive contains something that could escape or exhaust the staging area."""


class ManifestError(BundleError):
    """manifest.json is missing, not valid JSON, too large, or violates the schema."""


class IntegrityError(BundleError):
    """A file's size or SHA-256 differs from the manifest, or the file list disagrees."""


# --- the local store -----------------------------------------------------------------------
class StoreError(AssessorError):
    """The local database cannot be used as it is."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer version of the app."""


class DatabaseCorruptError(StoreError):
    """SQLite's quick_check reported damage."""


class DiskFullError(StoreError):
    """The disk is full; the last change was not saved."""


# --- workspace operations ------------------------------------------------------------------
class WorkspaceError(AssessorError):
    """An operation was refused; nothing changed."""


class UnknownSubmissionError(WorkspaceError):
    pass


class UnknownTargetError(WorkspaceError):
    """The detail or part id is not in this submission's rubric."""


class InvalidLevelError(WorkspaceError):
    """The level code is not one of the rubric's levels."""


class FeedbackRequiredError(WorkspaceError):
    """A judgment below proficient needs feedback the candidate can act on."""


class SubmissionLockedError(WorkspaceError):
    """The submission was submitted (or reconciled) and can no longer change."""


class IncompleteSubmissionError(WorkspaceError):
    """Submit refused: some details are unjudged or lack required feedback."""

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing


class DuplicateBundleError(WorkspaceError):
    """A bundle with this submission id is already in the workspace, with different content."""


# --- added with the workspace store --------------------------------------------------------
class ForeignDatabaseError(StoreError):
    """The database file holds tables but no schema version: it is not a workspace."""


class WorkspaceInUseError(StoreError):
    """Another running copy of the app has this workspace open."""


class UnknownArtifactError(WorkspaceError):
    """The artifact id is not in this submission's bundle."""


class BundleMissingError(WorkspaceError):
    """The extracted files of a submission are gone from disk; its judgments are kept."""


# --- added with portal signatures ----------------------------------------------------------
class BundleSignatureError(BundleError):
    """The bundle's portal signature is missing, malformed, or made with another key."""


# --- added with sync -------------------------------------------------------------------------
class SyncError(AssessorError):
    """Sync with the portal stopped; everything saved on this computer is kept."""


class PortalUnreachableError(SyncError):
    """The portal could not be reached (network down, server down or busy), after retries."""


class PortalProtocolError(SyncError):
    """The portal answered something the sync protocol does not describe."""


class PortalRequestError(SyncError):
    """The portal refused a request (4xx other than 401); a retry would be refused too."""


class NotSignedInError(SyncError):
    """No sign-in for this workspace, or the portal no longer accepts its token."""


class InvalidCredentialsError(SyncError):
    """The portal refused the user name or password."""


class PortalIdentityError(SyncError):
    """The portal is not the one this workspace is pinned to (another id or signing key)."""


class PortalCertificateError(SyncError):
    """The portal's TLS certificate could not be verified (not retried: it will not fix itself)."""


class ClockSkewError(SyncError):
    """This computer's clock is too far from the portal's (a certificate check failed over it)."""


class KeyringUnavailableError(SyncError):
    """No usable OS keyring to keep the sign-in token in (never stored in a plain file)."""


class DownloadError(SyncError):
    """A bundle download failed: nothing of it was imported."""


class DownloadStalledError(DownloadError):
    """The portal sent no bytes of a bundle for too long."""


class SyncCancelledError(SyncError):
    """The person cancelled the sync; what was done so far is kept."""


class NoConflictError(WorkspaceError):
    """There is no unresolved conflict on that judgment."""


class NotRevokedError(WorkspaceError):
    """The submission was not withdrawn by the portal."""


# --- added with lead assessors ---------------------------------------------------------------
class ScoresNotReleasedError(SubmissionLockedError):
    """A lead cannot judge yet: both assessors' scores are not on this device."""


class RoleError(WorkspaceError):
    """The person's role on the submission does not allow this (e.g. reassign as an assessor)."""


class InvalidEntryError(WorkspaceError):
    """A text or name given is not acceptable (empty, too long, the same person twice)."""
