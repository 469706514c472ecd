"""Bundles on the portal: import signs and stores them; downloads over loopback serve exactly
the signed bytes, resume with Range/If-Range, and answer 404 for anything not the caller's."""

from __future__ import annotations

import base64
import hashlib
import stat
import zipfile
from pathlib import Path

import pytest
from support.bundles import write_sample_bundle
from support.portal import GUESSED, S1, S2, S3, World, fast_config, login, populate

from assessor_app.bundle.reader import verify_bundle
from assessor_app.bundle.signature import verify_signature
from assessor_app.errors import BundleSignatureError
from assessor_app.portal.server import PortalError, start_portal_in_thread
from assessor_app.portal.server.bundles import import_bundle
from assessor_app.portal.server.portal import open_portal

BUNDLE = f"/api/v1/bundles/{S1}"


def _entry(world: World, sid: str = S1) -> dict[str, object]:
    changes = world.as_("assessorA").all_changes()
    return next(c for c in changes if c["type"] == "assignment" and c["submission_id"] == sid)


def _signing_key(world: World) -> bytes:
    response = login(world.url, "assessorA")
    return base64.b64decode(response.json()["portal"]["signing_key"])


def test_full_download_is_the_signed_bundle_of_the_feed(world: World, tmp_path: Path) -> None:
    a = world.as_("assessorA")
    response = a.request("GET", BUNDLE)
    assert response.status_code == 200
    body = response.content
    entry = _entry(world)
    sha = hashlib.sha256(body).hexdigest()
    assert entry["bundle"] == {"size": len(body), "sha256": sha}
    assert response.headers["etag"] == f'"{sha}"'
    assert response.headers["content-length"] == str(len(body))
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["content-type"] == "application/zip"
    path = tmp_path / "got.zip"
    path.write_bytes(body)
    verified = verify_bundle(path)
    assert verified.manifest.submission_id == S1
    verify_signature(_signing_key(world), verified)
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist()[:2] == ["manifest.json", "manifest.sig"]


def test_a_range_resumes_where_the_part_file_ends(world: World) -> None:
    a = world.as_("assessorA")
    whole = a.request("GET", BUNDLE).content
    etag = a.request("HEAD", BUNDLE).headers["etag"]
    for start in (0, 1, len(whole) // 2, len(whole) - 1):
        response = a.request("GET", BUNDLE, headers={"Range": f"bytes={start}-", "If-Range": etag})
        assert response.status_code == 206
        assert response.headers["content-range"] == f"bytes {start}-{len(whole) - 1}/{len(whole)}"
        assert response.headers["content-length"] == str(len(whole) - start)
        assert response.content == whole[start:]
    # a closed range and a suffix range, without If-Range
    response = a.request("GET", BUNDLE, headers={"Range": "bytes=10-19"})
    assert (response.status_code, response.content) == (206, whole[10:20])
    response = a.request("GET", BUNDLE, headers={"Range": "bytes=-5"})
    assert (response.status_code, response.content) == (206, whole[-5:])


def test_if_range_that_does_not_match_sends_the_whole_bundle(world: World) -> None:
    a = world.as_("assessorA")
    whole = a.request("GET", BUNDLE)
    for if_range in (
        '"' + "0" * 64 + '"',  # another bundle's
        "W/" + whole.headers["etag"],  # weak: never matches
        "Mon, 23 Nov 2026 10:00:00 GMT",  # a date: this portal has no Last-Modified
    ):
        response = a.request("GET", BUNDLE, headers={"Range": "bytes=100-", "If-Range": if_range})
        assert response.status_code == 200, if_range
        assert response.content == whole.content
        assert "content-range" not in response.headers


def test_a_range_past_the_end_answers_416(world: World) -> None:
    a = world.as_("assessorA")
    size = len(a.request("GET", BUNDLE).content)
    for header in (f"bytes={size}-", f"bytes={size + 100}-", "bytes=-0"):
        response = a.request("GET", BUNDLE, headers={"Range": header})
        assert response.status_code == 416, header
        assert response.headers["content-range"] == f"bytes */{size}"
        assert response.json()["error"] == "range_not_satisfiable"


def test_a_malformed_range_is_ignored(world: World) -> None:
    a = world.as_("assessorA")
    whole = a.request("GET", BUNDLE).content
    for header in ("bytes=0-1,5-9", "items=0-", "bytes=x-", "bytes=9-3"):
        response = a.request("GET", BUNDLE, headers={"Range": header})
        assert (response.status_code, response.content) == (200, whole), header


def test_head_gives_the_headers_without_a_body(world: World) -> None:
    a = world.as_("assessorA")
    get = a.request("GET", BUNDLE)
    head = a.request("HEAD", BUNDLE)
    assert head.status_code == 200 and head.content == b""
    for name in ("etag", "content-length", "accept-ranges", "content-type"):
        assert head.headers[name] == get.headers[name]
    ranged = a.request("HEAD", BUNDLE, headers={"Range": "bytes=5-"})
    assert ranged.status_code == 200  # ranges are defined for GET only


def test_not_yours_is_404_for_get_head_and_range(world: World) -> None:
    b = world.as_("assessorB")  # S1 only
    for sid in (S2, S3, GUESSED, "..", "a" * 65, "SUB%2F..%2Fx", "%00"):
        for verb, headers in (("GET", {}), ("HEAD", {}), ("GET", {"Range": "bytes=10-"})):
            response = b.request(verb, f"/api/v1/bundles/{sid}", headers=headers)
            where = (sid, verb, headers)
            assert response.status_code == 404, where
            assert "etag" not in response.headers, where
            assert "content-range" not in response.headers, where
            if verb == "GET":
                assert response.json()["error"] == "not_found", where


def test_import_is_idempotent_and_refuses_other_content(
    world: World, tmp_path: Path, sample_bundles: dict[str, Path]
) -> None:
    with open_portal(world.config) as portal:
        again = import_bundle(portal, sample_bundles[S1])
        assert again.created is False
        assert again.bundle_sha256 == _entry(world)["bundle"]["sha256"]  # type: ignore[index]
        # the signed bundle as served imports as the same one
        served = tmp_path / "served.zip"
        served.write_bytes(world.as_("assessorA").request("GET", BUNDLE).content)
        assert import_bundle(portal, served).bundle_sha256 == again.bundle_sha256
        other = write_sample_bundle(tmp_path / "other.zip", S1, pages=7)
        with pytest.raises(PortalError, match="already on the portal with different content"):
            import_bundle(portal, other)


def test_a_bundle_signed_by_another_portal_fails_the_check(
    world: World, tmp_path: Path, sample_bundles: dict[str, Path]
) -> None:
    served = tmp_path / "served.zip"
    served.write_bytes(world.as_("assessorA").request("GET", BUNDLE).content)
    other = fast_config(tmp_path / "other-portal")
    with open_portal(other) as portal:
        imported = import_bundle(portal, served)  # re-signed with the other portal's key
        foreign = verify_bundle(portal.bundle_path(imported.bundle_sha256))
    with pytest.raises(BundleSignatureError, match="not signed by the portal you signed in to"):
        verify_signature(_signing_key(world), foreign)
    with pytest.raises(BundleSignatureError, match="carries no portal signature"):
        verify_signature(_signing_key(world), verify_bundle(sample_bundles[S1]))


def test_signing_key_and_portal_id_persist_across_restarts(
    tmp_path: Path, sample_bundles: dict[str, Path]
) -> None:
    config = fast_config(tmp_path / "portal")
    populate(config, sample_bundles)
    key_file = config.signing_key_path
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    identities = []
    for _ in range(2):
        with start_portal_in_thread(config) as running:
            identities.append(login(running.url, "assessorA").json()["portal"])
    assert identities[0] == identities[1]
    assert len(base64.b64decode(identities[0]["signing_key"])) == 32
    assert key_file.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
