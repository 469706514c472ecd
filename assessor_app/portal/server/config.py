"""What a portal is configured with: where its data lives, which database, and its limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MiB = 1024 * 1024

DB_FILE = "portal.sqlite3"
SIGNING_KEY_FILE = "signing_key.pem"
BUNDLE_DIR = "bundles"


@dataclass(frozen=True)
class PasswordPolicy:
    """Argon2id cost. The defaults are argon2-cffi's (RFC 9106, low-memory profile: 64 MiB,
    3 passes, 4 lanes; ~0.1-0.2 s per login). Tests lower them; hashes record their own cost,
    so a portal verifies old hashes whatever the current policy is."""

    time_cost: int = 3
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 4


@dataclass(frozen=True)
class PortalConfig:
    """``data_dir`` holds the signing key, the bundles and (by default) the SQLite database;
    ``db_url`` is any SQLAlchemy URL instead, e.g. ``postgresql+psycopg://user@host/portal``."""

    data_dir: Path
    db_url: str | None = None
    max_request_bytes: int = 8 * MiB
    max_ops_per_request: int = 500
    feed_default_limit: int = 500
    feed_max_limit: int = 2000
    max_comment_chars: int = 100_000
    max_concurrent_requests: int = 64
    """Requests in flight beyond this answer 503 with ``Retry-After`` (a simple overload
    guard; bundle downloads count while they stream)."""
    retry_after_seconds: int = 2
    passwords: PasswordPolicy = field(default_factory=PasswordPolicy)

    @property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite+pysqlite:///{self.data_dir / DB_FILE}"

    @property
    def signing_key_path(self) -> Path:
        return self.data_dir / SIGNING_KEY_FILE

    @property
    def bundle_dir(self) -> Path:
        return self.data_dir / BUNDLE_DIR
