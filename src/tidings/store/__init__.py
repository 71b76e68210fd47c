"""The store: a versioned DuckDB file for articles, events and the corpus tables, and its exports."""

from tidings.store.store import Store, StoreSummary

__all__ = ["Store", "StoreSummary"]
