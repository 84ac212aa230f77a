"""The errors paymaan raises for things a user can fix.

Every error a user can cause is a :class:`PaymaanError`. Its message says what is
wrong, where (file, row, column, option) and what to do. The CLI maps each class to
an exit code in one place (``paymaan.cli``) and prints the message without a
traceback; a traceback reaches a user only for a bug.

::

    PaymaanError                      exit 1  (base; never raised itself)
    ├── WorkspaceError                exit 3  no workspace, unreadable, already exists
    ├── ConfigError                   exit 2  paymaan.toml or an option is invalid
    ├── StoreError                    exit 4  the database cannot be used
    │   ├── DatabaseUnavailable               server down, file locked, cannot connect
    │   └── SchemaMismatch                    database newer/older than this paymaan
    ├── KeyError_ (PassphraseError)   exit 5  wrong passphrase, missing or damaged keys
    ├── InputError                    exit 6  a file the user gave cannot be used
    │   └── MappingError                      a mapping file is invalid
    ├── AuditError                    exit 7  the audit chain is broken
    ├── SignatureError                exit 8  a report's signature or hashes do not verify
    ├── EstimationError               exit 9  an estimate cannot be made from this table
    └── WorkerError                   exit 10 a helper process stopped (out of memory,
                                              killed) or failed; nothing was written
"""

from __future__ import annotations

__all__ = [
    "AuditError",
    "ConfigError",
    "DatabaseUnavailable",
    "EstimationError",
    "InputError",
    "MappingError",
    "PassphraseError",
    "PaymaanError",
    "SchemaMismatch",
    "SignatureError",
    "StoreError",
    "WorkerError",
    "WorkspaceError",
]


class PaymaanError(Exception):
    """Base of every error a user can cause; ``exit_code`` is what the CLI returns."""

    exit_code: int = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message}\n{hint}")


class WorkspaceError(PaymaanError):
    """No workspace where one is expected, or a workspace that cannot be read."""

    exit_code = 3


class ConfigError(PaymaanError):
    """paymaan.toml, an option or an environment variable has an invalid value."""

    exit_code = 2


class StoreError(PaymaanError):
    """The evidence store (database) cannot be used."""

    exit_code = 4


class DatabaseUnavailable(StoreError):
    """The database server is down, the file is locked, or the URL is wrong."""


class SchemaMismatch(StoreError):
    """The database schema is not the one this version of paymaan expects."""


class PassphraseError(PaymaanError):
    """Wrong passphrase, or key files missing or damaged."""

    exit_code = 5


class InputError(PaymaanError):
    """A file or value the user supplied cannot be used (names file, row, column)."""

    exit_code = 6


class MappingError(InputError):
    """A source mapping (YAML) does not validate or does not fit its file."""


class AuditError(PaymaanError):
    """The audit log's hash chain does not verify."""

    exit_code = 7


class SignatureError(PaymaanError):
    """A signed report or data package does not verify."""

    exit_code = 8


class EstimationError(PaymaanError):
    """An estimate cannot be made from the given capture-history table."""

    exit_code = 9


class WorkerError(PaymaanError):
    """A helper process (e.g. of ingest) stopped or failed; the work was not written."""

    exit_code = 10
