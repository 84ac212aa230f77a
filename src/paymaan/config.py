"""The workspace configuration, ``paymaan.toml``, declared once as typed data.

Each setting has a default and help text; the same declaration validates the file,
writes the default file at ``paymaan init`` and documents the settings
(``paymaan config`` prints them; docs/guide.md lists them and a test keeps both in step).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from paymaan.errors import ConfigError

__all__ = ["Config", "SETTINGS", "Setting", "load_config", "write_config"]

CONFIG_FILE = "paymaan.toml"


@dataclass(frozen=True)
class Setting:
    """One setting of paymaan.toml: its section, key, default and help."""

    section: str
    key: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database",
        "url",
        "sqlite:///paymaan.db",
        "SQLAlchemy URL of the evidence store. A relative SQLite path is inside the "
        "workspace. PostgreSQL: postgresql://user@host:5432/dbname (put the password in "
        "PGPASSWORD or ~/.pgpass, never here).",
    ),
    Setting(
        "linkage",
        "match_threshold",
        0.9,
        "Match probability at or above which two records are the same person.",
    ),
    Setting(
        "linkage",
        "review_lower",
        0.5,
        "Pairs with a match probability in [review_lower, match_threshold) go to review.",
    ),
    Setting(
        "report",
        "suppression_threshold",
        5,
        "Published table cells with a count below this are suppressed.",
    ),
    Setting(
        "ingest",
        "workers",
        2,
        "Helper processes that convert and encrypt rows while the main process stores them "
        "(uses a second core; Linux and macOS). 0 does everything in one process.",
    ),
    Setting("paths", "archive", "archive", "Folder for the encrypted archive of received files."),
    Setting("paths", "keys", "keys", "Folder for the wrapped keys."),
    Setting("paths", "reports", "reports", "Folder for reports."),
)


@dataclass(frozen=True)
class Config:
    """The parsed paymaan.toml, with defaults filled in."""

    database_url: str = "sqlite:///paymaan.db"
    match_threshold: float = 0.9
    review_lower: float = 0.5
    suppression_threshold: int = 5
    ingest_workers: int = 2
    archive: str = "archive"
    keys: str = "keys"
    reports: str = "reports"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_toml(self) -> dict[str, Any]:
        """The nested mapping written to paymaan.toml."""
        out: dict[str, dict[str, Any]] = {}
        for setting in SETTINGS:
            attribute = _attribute(setting)
            out.setdefault(setting.section, {})[setting.key] = getattr(self, attribute)
        return out


_ATTRIBUTES = {("database", "url"): "database_url", ("ingest", "workers"): "ingest_workers"}


def _attribute(setting: Setting) -> str:
    return _ATTRIBUTES.get((setting.section, setting.key), setting.key)


def load_config(path: Path) -> Config:
    """Read paymaan.toml; unknown keys and wrong types raise ConfigError naming them."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError as error:
        raise ConfigError(f"{path} does not exist") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"{path} is not valid TOML: {error}", hint="Fix the file or restore it from backup."
        ) from error
    values: dict[str, Any] = {}
    known = {(s.section, s.key): s for s in SETTINGS}
    for section, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{section}] must be a table")
        for key, value in table.items():
            setting = known.get((section, key))
            if setting is None:
                raise ConfigError(
                    f"{path}: unknown setting {section}.{key}",
                    hint="Known settings: " + ", ".join(f"{s.section}.{s.key}" for s in SETTINGS),
                )
            expected = type(setting.default)
            ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
            if not ok or isinstance(value, bool) != isinstance(setting.default, bool):
                raise ConfigError(
                    f"{path}: {section}.{key} must be a {expected.__name__}, got {value!r}"
                )
            values[_attribute(setting)] = float(value) if expected is float else value
    config = Config(**values)
    if not 0 < config.review_lower <= config.match_threshold <= 1:
        raise ConfigError(f"{path}: need 0 < linkage.review_lower <= linkage.match_threshold <= 1")
    if not 0 <= config.ingest_workers <= 64:
        raise ConfigError(
            f"{path}: ingest.workers must be from 0 to 64, got {config.ingest_workers}",
            hint="2 (the default) suits a 2-core machine; 0 runs ingest in one process.",
        )
    return config


def write_config(path: Path, config: Config) -> None:
    """Write *config* as paymaan.toml with each setting's help as a comment."""
    lines = ["# paymaan workspace settings. `paymaan config` explains each one.", ""]
    for section, table in config.to_toml().items():
        lines.append(f"[{section}]")
        for key, value in table.items():
            help_text = next(s.help for s in SETTINGS if (s.section, s.key) == (section, key))
            lines.append(f"# {help_text}")
            lines.append(tomli_w.dumps({key: value}).strip())
        lines.append("")
    path.write_text("\n".join(lines), "utf-8")
