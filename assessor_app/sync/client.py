"""The HTTP client of the portal's sync API (``docs/sync-protocol.md``), on :mod:`httpx`.

Every answer is checked against the protocol before anything uses it
(:mod:`assessor_app.sync.protocol`), and every failure becomes one of the app's errors with a
one-line message:

- ``401`` → :class:`~assessor_app.errors.NotSignedInError` (at login:
  :class:`~assessor_app.errors.InvalidCredentialsError`);
- ``429`` and ``503`` → wait at least ``Retry-After`` seconds, then retry;
- ``500``, ``502``, ``504``, connection errors and timeouts → retry with exponential backoff
  and jitter; a body that is not the JSON the protocol describes counts as a ``502``;
- after the last attempt: :class:`~assessor_app.errors.PortalUnreachableError` (or
  :class:`~assessor_app.errors.PortalProtocolError` when the portal kept answering nonsense);
- a certificate that fails the TLS check → :class:`~assessor_app.errors.PortalCertificateError`,
  not retried (every answer records the portal's clock from its ``Date`` header, see
  :attr:`PortalClient.clock_offset` and :func:`server_clock_offset`);
- other ``4xx``/``5xx`` → :class:`~assessor_app.errors.PortalRequestError`, not retried
  (``413`` as :class:`PayloadTooLargeError`, so the caller can split the batch).

Retrying is safe: reads are reads, and every op carries its op id (a replay returns the stored
result). Waits honour a cancel :class:`threading.Event`.
"""

from __future__ import annotations

import email.utils
import random
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx

from assessor_app import __version__
from assessor_app.errors import (
    InvalidCredentialsError,
    NotSignedInError,
    PortalCertificateError,
    PortalProtocolError,
    PortalRequestError,
    PortalUnreachableError,
    SyncCancelledError,
)
from assessor_app.sync.protocol import (
    API_PREFIX,
    MAX_OPS_PER_REQUEST,
    ChangesPage,
    LoginResult,
    OpResult,
    ProtocolViolation,
    parse_assessors,
    parse_changes,
    parse_error,
    parse_login,
    parse_op_results,
)

T = TypeVar("T")

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({429, 503})
SIGN_IN_AGAIN = "run `assessor-app login` again"


class PayloadTooLargeError(PortalRequestError):
    """413: the request was too large; send fewer ops at a time."""


class TransientError(Exception):
    """One failed attempt that may succeed when tried again (``error`` says what failed)."""

    def __init__(self, error: Exception, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a transient failure."""

    max_attempts: int = 5
    base_delay: float = 0.5  # seconds before the 2nd attempt (then doubling)
    max_delay: float = 30.0
    max_retry_after: float = 300.0  # longest Retry-After honoured before giving up

    def delay(self, attempt: int, rng: random.Random) -> float:
        """The wait after failed attempt ``attempt`` (1-based): exponential, with jitter
        (a random half to all of the step, so many clients do not retry in step)."""
        step = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return rng.uniform(step / 2, step)


def normalize_server(server: str) -> str:
    """``server`` as a base URL (scheme and host, optional path, no trailing slash)."""
    server = server.strip().rstrip("/")
    parts = urlsplit(server)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PortalRequestError(
            f"{server!r} is not a portal address; give one like https://portal.example.org"
        )
    if parts.query or parts.fragment:
        raise PortalRequestError(f"{server!r}: a portal address has no ?query or #fragment")
    return server


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), or None."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = datetime.fromtimestamp(time.time() if now is None else now, UTC)
    return max(0.0, (when - current).total_seconds())


def certificate_problem(error: BaseException) -> str | None:
    """OpenSSL's reason when ``error`` (or what caused it) is a failed certificate check."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return str(current.verify_message or current.reason or current)
        if "CERTIFICATE_VERIFY_FAILED" in str(current):
            return str(current).split("certificate verify failed:", 1)[-1].strip(" )") or None
        current = current.__cause__ or current.__context__
    return None


def clock_offset_of(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds the portal's clock (its ``Date`` header) is ahead of this computer's."""
    value = response.headers.get("Date")
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp() - (time.time() if now is None else now)


def server_clock_offset(server: str, timeout: float = 10.0) -> float | None:
    """The portal's clock against this computer's, read from the ``Date`` header of a plain
    ``GET /`` *without* checking the certificate: only used to explain a failed certificate
    check (a wrong clock makes valid certificates look expired or not yet valid). Nothing is
    sent but the request line; None when the portal cannot be reached at all."""
    try:
        with httpx.Client(verify=False, timeout=timeout, follow_redirects=False) as plain:
            return clock_offset_of(plain.get(normalize_server(server) + "/"))
    except (httpx.HTTPError, PortalRequestError):
        return None


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        raise ProtocolViolation("the body is not JSON") from None


def _reason(response: httpx.Response) -> str:
    """The portal's one-line explanation of an error answer, or the HTTP status text."""
    try:
        body = parse_error(response.json())
    except ValueError:
        body = None
    if body is not None and body.message:
        return f"{body.message} ({response.status_code} {body.error})"
    return f"HTTP {response.status_code} {response.reason_phrase}".strip()


class PortalClient:
    """One portal, one (optional) bearer token. Close it (or use ``with``) when done."""

    def __init__(
        self,
        server: str,
        token: str | None = None,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
        rng: random.Random | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.server = normalize_server(server)
        self.token = token
        self.retry = retry or RetryPolicy()
        self.cancel = cancel
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._timeout = timeout
        self.clock_offset: float | None = None  # portal clock - ours, from the last answer
        self._http = httpx.Client(
            base_url=self.server + API_PREFIX,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            headers={"User-Agent": f"assessor-workstation/{__version__}"},
            follow_redirects=False,
        )

    # -- life cycle --------------------------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PortalClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- waiting -------------------------------------------------------------------------------
    def check_cancelled(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise SyncCancelledError("Sync cancelled; everything done so far is kept.")

    def pause(self, attempt: int, retry_after: float | None = None) -> None:
        """Wait before attempt ``attempt + 1``: the backoff, or ``retry_after`` if longer."""
        delay = self.retry.delay(attempt, self._rng)
        if retry_after is not None:
            delay = max(delay, retry_after)
        if self._sleep is not None:
            self._sleep(delay)
        elif self.cancel is not None:
            if self.cancel.wait(delay):
                self.check_cancelled()
        else:
            time.sleep(delay)
        self.check_cancelled()

    # -- requests ------------------------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def _unreachable(self, error: httpx.HTTPError) -> PortalUnreachableError:
        kind = "timed out" if isinstance(error, httpx.TimeoutException) else "cannot be reached"
        detail = str(error) or type(error).__name__
        return PortalUnreachableError(f"The portal at {self.server} {kind} ({detail}).")

    def _refuse_bad_certificate(self, error: httpx.HTTPError) -> None:
        problem = certificate_problem(error)
        if problem is not None:
            raise PortalCertificateError(
                f"The security certificate of the portal at {self.server} could not be "
                f"verified ({problem})."
            ) from error

    def _check_status(self, response: httpx.Response, *, login: bool = False) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        if status == 401:
            if login:
                raise InvalidCredentialsError(
                    "The portal refused the user name or password; check both and try again."
                )
            raise NotSignedInError(
                f"The portal at {self.server} no longer accepts this sign-in; {SIGN_IN_AGAIN}."
            )
        if status in RETRY_STATUSES:
            retry_after = None
            if status in RETRY_AFTER_STATUSES:
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if retry_after is not None and retry_after > self.retry.max_retry_after:
                    raise PortalUnreachableError(
                        f"The portal at {self.server} is busy for the next "
                        f"{retry_after:.0f} s; try again later."
                    )
            what = "is busy" if status in RETRY_AFTER_STATUSES else "had a problem"
            raise TransientError(
                PortalUnreachableError(
                    f"The portal at {self.server} {what}: {_reason(response)}; try again later."
                ),
                retry_after,
            )
        if status == 413:
            raise PayloadTooLargeError(f"The portal refused a request as too large: HTTP {status}.")
        raise PortalRequestError(f"The portal refused the request: {_reason(response)}.")

    def _call(
        self,
        method: str,
        path: str,
        parse: Callable[[object], T],
        *,
        json: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        login: bool = False,
    ) -> T:
        last: Exception | None = None
        for attempt in range(1, self.retry.max_attempts + 1):
            self.check_cancelled()
            retry_after: float | None = None
            try:
                try:
                    response = self._http.request(
                        method, path, json=json, params=params, headers=self._headers()
                    )
                except httpx.HTTPError as error:
                    self._refuse_bad_certificate(error)
                    raise TransientError(self._unreachable(error)) from error
                self.clock_offset = clock_offset_of(response)
                self._check_status(response, login=login)
                try:
                    return parse(None if response.status_code == 204 else _json(response))
                except ProtocolViolation as error:
                    raise TransientError(
                        PortalProtocolError(
                            f"The portal at {self.server} answered something unexpected "
                            f"({error}); it may be a different version or not a portal."
                        )
                    ) from None
            except TransientError as transient:
                last = transient.error
                retry_after = transient.retry_after
            if attempt < self.retry.max_attempts:
                self.pause(attempt, retry_after)
        assert last is not None
        raise last

    # -- the API -------------------------------------------------------------------------------
    def login(self, username: str, password: str, device: str) -> LoginResult:
        """Exchange the password for a token (kept in :attr:`token` and returned)."""
        result = self._call(
            "POST",
            "/login",
            parse_login,
            json={"username": username, "password": password, "device": device},
            login=True,
        )
        self.token = result.token
        return result

    def logout(self) -> None:
        self._call("POST", "/logout", lambda _body: None)
        self.token = None

    def changes(self, since: int, limit: int = 500) -> ChangesPage:
        return self._call("GET", "/changes", parse_changes, params={"since": since, "limit": limit})

    def assessors(self) -> list[str]:
        """The names of the portal's enabled assessors (a lead picks one to reassign to)."""
        return self._call("GET", "/assessors", parse_assessors)

    def push_ops(self, ops: Sequence[Mapping[str, Any]]) -> list[OpResult]:
        """Send up to 500 ops; one answer per op (checked: exactly the ops sent)."""
        if len(ops) > MAX_OPS_PER_REQUEST:
            raise ValueError(f"at most {MAX_OPS_PER_REQUEST} ops per request")
        sent = [str(op["op_id"]) for op in ops]
        return self._call(
            "POST",
            "/ops",
            lambda body: parse_op_results(body, sent),
            json={"ops": [dict(op) for op in ops]},
        )

    @contextmanager
    def bundle_stream(
        self,
        submission_id: str,
        *,
        offset: int = 0,
        etag: str | None = None,
        stall_timeout: float = 30.0,
    ) -> Iterator[httpx.Response]:
        """``GET /bundles/<id>`` as a stream, from ``offset`` when given with its ETag.

        Yields the response for ``200``, ``206`` and ``416`` (the caller decides); raises as
        :meth:`_check_status` for everything else (a transient failure as
        :class:`TransientError`). ``stall_timeout`` is the longest wait for any bytes.
        """
        # The bytes on the wire are the file's bytes: no content coding (ranges and the
        # feed's size and hash are about the file).
        headers = {**self._headers(), "Accept-Encoding": "identity"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
            if etag:
                headers["If-Range"] = etag
        timeout = httpx.Timeout(self._timeout, connect=min(self._timeout, 10.0), read=stall_timeout)
        request = self._http.build_request(
            "GET", f"/bundles/{quote(submission_id, safe='')}", headers=headers, timeout=timeout
        )
        try:
            response = self._http.send(request, stream=True)
        except httpx.HTTPError as error:
            self._refuse_bad_certificate(error)
            raise TransientError(self._unreachable(error)) from error
        try:
            if response.status_code not in (200, 206, 416):
                if response.status_code == 404:
                    raise PortalRequestError(
                        f"The portal has no bundle {submission_id} for you (404); it may have "
                        "been withdrawn."
                    )
                response.read()
                self._check_status(response)
                raise PortalProtocolError(
                    f"The portal answered HTTP {response.status_code} to a bundle download."
                )
            yield response
        finally:
            response.close()
