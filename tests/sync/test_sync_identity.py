"""The portal's identity is pinned at the first sign-in, and its key guards every import."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from support.bundles import write_sample_bundle
from support.signed_bundles import new_key, public_b64, signed_copy
from support.sync_data import EPOCH, PORTAL_ID, SERVER

from assessor_app.errors import BundleSignatureError, PortalIdentityError
from assessor_app.workspace import Workspace


def test_no_identity_before_the_first_sign_in(workspace: Workspace) -> None:
    assert workspace.sync_state() is None
    overview = workspace.sync_overview()
    assert not overview.signed_in and not overview.up_to_date


def test_the_first_sign_in_pins_the_portal(
    workspace: Workspace, portal_key: Ed25519PrivateKey
) -> None:
    state = workspace.set_sync_identity(
        SERVER, "assessor1", PORTAL_ID, public_b64(portal_key), EPOCH
    )
    assert (state.server_url, state.username, state.portal_id, state.epoch, state.cursor) == (
        SERVER,
        "assessor1",
        PORTAL_ID,
        EPOCH,
        0,
    )
    assert state.signing_key == public_b64(portal_key)
    assert workspace.sync_state() == state


def test_another_key_for_the_same_portal_is_refused(
    pinned: Workspace, portal_key: Ed25519PrivateKey
) -> None:
    other = public_b64(new_key())
    with pytest.raises(PortalIdentityError, match="different signing key"):
        pinned.set_sync_identity(SERVER, "assessor1", PORTAL_ID, other, EPOCH)
    state = pinned.sync_state()
    assert state is not None and state.signing_key == public_b64(portal_key)


def test_another_portal_or_user_is_refused_but_a_new_address_is_fine(
    pinned: Workspace, portal_key: Ed25519PrivateKey
) -> None:
    key = public_b64(portal_key)
    with pytest.raises(PortalIdentityError, match="another portal"):
        pinned.set_sync_identity(SERVER, "assessor1", "another-portal", key, EPOCH)
    with pytest.raises(PortalIdentityError, match="belongs to assessor1"):
        pinned.set_sync_identity(SERVER, "assessor2", PORTAL_ID, key, EPOCH)
    moved = pinned.set_sync_identity("https://new.invalid", "assessor1", PORTAL_ID, key, EPOCH)
    assert moved.server_url == "https://new.invalid"


def test_a_key_that_is_not_an_ed25519_key_is_refused(workspace: Workspace) -> None:
    with pytest.raises(PortalIdentityError, match="signing key"):
        workspace.set_sync_identity(SERVER, "a", PORTAL_ID, "bm90IGEga2V5", EPOCH)
    assert workspace.sync_state() is None


def test_a_new_epoch_at_sign_in_starts_a_full_re_pull(
    pinned: Workspace, portal_key: Ed25519PrivateKey
) -> None:
    state = pinned.set_sync_identity(SERVER, "assessor1", PORTAL_ID, public_b64(portal_key), "e-9")
    assert (state.epoch, state.cursor, state.resync) == ("e-9", 0, True)


def test_once_pinned_only_bundles_signed_with_the_key_are_imported(
    pinned: Workspace, tmp_path: Path, portal_key: Ed25519PrivateKey
) -> None:
    plain = write_sample_bundle(tmp_path / "plain.zip", "SUB-SIG-0001")
    with pytest.raises(BundleSignatureError, match="no portal signature"):
        pinned.import_bundle(plain)
    forged = signed_copy(plain, tmp_path / "forged.zip", new_key())
    with pytest.raises(BundleSignatureError, match="not signed by the portal"):
        pinned.import_bundle(forged)
    assert [s.id for s in pinned.submissions()] == ["SUB-TEST-0001"]
    assert sorted(p.name for p in pinned.bundles_dir.iterdir()) == ["SUB-TEST-0001"]
    good = signed_copy(plain, tmp_path / "good.zip", portal_key)
    assert pinned.import_bundle(good) == "SUB-SIG-0001"


def test_before_sign_in_unsigned_bundles_still_import(workspace: Workspace, tmp_path: Path) -> None:
    plain = write_sample_bundle(tmp_path / "plain.zip", "SUB-SIG-0002")
    assert workspace.import_bundle(plain) == "SUB-SIG-0002"
