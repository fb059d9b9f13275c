"""Settings, read from the environment (``LEDGER_*``), and the store URL's mapping onto
eventsourcing's persistence modules."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DATABASE_URL = "sqlite:///./var/ledger.sqlite"
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


# scheme://user:PASSWORD@ : the password runs to the netloc's last "@" (urlsplit's rule).
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^\s:/?#@]*:)[^\s/?#]*(?=@)")
MASK = "***"


def mask_password(text: str) -> str:
    """``text`` with the password of every URL in it replaced by ``***``: for every
    message, error and output that names a database URL."""
    return _URL_PASSWORD.sub(lambda m: m.group("head") + MASK, text)


class ConfigurationError(ValueError):
    """A setting is malformed. ``field`` names the setting."""

    def __init__(self, field: str, message: str) -> None:
        message = mask_password(message)
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class DatabaseURL:
    url: str
    engine: str  # "sqlite" or "postgres"
    sqlite_path: Path | None = None
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = field(default="", repr=False)
    dbname: str = ""
    schema: str = ""

    def __repr__(self) -> str:
        return (
            f"DatabaseURL(url={self.masked!r}, engine={self.engine!r}, "
            f"sqlite_path={self.sqlite_path!r}, host={self.host!r}, port={self.port!r}, "
            f"user={self.user!r}, dbname={self.dbname!r}, schema={self.schema!r})"
        )

    @property
    def masked(self) -> str:
        """The URL with its password masked: the form to show."""
        return mask_password(self.url)

    @classmethod
    def parse(cls, url: str, *, field: str = "LEDGER_DATABASE_URL") -> DatabaseURL:
        if url.startswith("sqlite:///"):
            path = url[len("sqlite:///") :]
            if not path:
                raise ConfigurationError(
                    field, "sqlite:/// needs a file path, as in sqlite:///./var/ledger.sqlite"
                )
            return cls(url=url, engine="sqlite", sqlite_path=Path(path))
        parts = urlsplit(url)
        if parts.scheme in ("postgresql", "postgres", "postgresql+psycopg"):
            dbname = unquote(parts.path.lstrip("/"))
            if not parts.hostname or not dbname:
                raise ConfigurationError(
                    field, f"expected postgresql://user:password@host:port/database, got {url!r}"
                )
            try:
                port = parts.port or 5432
            except ValueError:
                raise ConfigurationError(field, f"the port in {url!r} is not a number") from None
            schema = parse_qs(parts.query).get("schema", [""])[0]
            return cls(
                url=url,
                engine="postgres",
                host=parts.hostname,
                port=port,
                user=unquote(parts.username or ""),
                password=unquote(parts.password or ""),
                dbname=dbname,
                schema=schema,
            )
        raise ConfigurationError(
            field,
            "expected sqlite:///path or postgresql://user:password@"
            f"host:port/database, got {url!r}",
        )

    def persistence_env(self) -> dict[str, str]:
        """The eventsourcing environment for this store."""
        if self.engine == "sqlite":
            assert self.sqlite_path is not None
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_POOL_SIZE": "10",
            "POSTGRES_MAX_OVERFLOW": "20",
            "POSTGRES_LOCK_TIMEOUT": "10",
        }
        if self.schema:
            env["POSTGRES_SCHEMA"] = self.schema
        return env

    @property
    def folder(self) -> Path:
        """Where files beside the store live (the signing key): the SQLite file's folder,
        else ``./var``."""
        if self.sqlite_path is not None:
            return self.sqlite_path.parent
        return Path("var")


@dataclass(frozen=True)
class Settings:
    database: DatabaseURL
    timezone: ZoneInfo
    max_extensions: int = 3
    signing_key_file: Path | None = None
    snapshot_interval: int = 50
    # Integrity: a signed checkpoint every N events and/or T seconds (0 = off), and the
    # name of this log in every checkpoint (one ledger per jurisdiction).
    checkpoint_every: int = 1000
    checkpoint_seconds: int = 300
    origin: str = "directive-ledger"

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, database_url: str | None = None
    ) -> Settings:
        env = os.environ if env is None else env
        url = database_url or env.get("LEDGER_DATABASE_URL") or DEFAULT_DATABASE_URL
        tz_name = env.get("LEDGER_TIMEZONE") or DEFAULT_TIMEZONE
        try:
            timezone = ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigurationError("LEDGER_TIMEZONE", f"unknown time zone {tz_name!r}") from None
        max_extensions = _positive_int(env, "LEDGER_MAX_EXTENSIONS", 3, minimum=0)
        snapshot_interval = _positive_int(env, "LEDGER_SNAPSHOT_INTERVAL", 50, minimum=1)
        key_file = env.get("LEDGER_SIGNING_KEY_FILE")
        checkpoint_every = _positive_int(env, "LEDGER_CHECKPOINT_EVERY", 1000, minimum=0)
        checkpoint_seconds = _positive_int(env, "LEDGER_CHECKPOINT_SECONDS", 300, minimum=0)
        origin = (env.get("LEDGER_ORIGIN") or "directive-ledger").strip() or "directive-ledger"
        return cls(
            database=DatabaseURL.parse(url),
            timezone=timezone,
            max_extensions=max_extensions,
            signing_key_file=Path(key_file) if key_file else None,
            snapshot_interval=snapshot_interval,
            checkpoint_every=checkpoint_every,
            checkpoint_seconds=checkpoint_seconds,
            origin=origin,
        )

    @property
    def key_file(self) -> Path:
        return self.signing_key_file or self.database.folder / "signing.key"


def _positive_int(env: Mapping[str, str], name: str, default: int, *, minimum: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(name, f"must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigurationError(name, f"must be at least {minimum}, got {value}")
    return value
