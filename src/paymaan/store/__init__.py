"""The evidence store: schema, migrations, audit log, runs and bulk paths."""

from paymaan.store.db import Store, head_revision, open_store, safe_url

__all__ = ["Store", "head_revision", "open_store", "safe_url"]
