"""followup-watcher: keeps the right, polite post-interview follow-up drafts ready. Never sends mail."""

__version__ = "0.1.0"
