"""The Date header as an aware datetime, read one way by the sources, the draft writers and parse."""

from __future__ import annotations

import datetime as dt
import email.utils


def header_datetime(value: object) -> dt.datetime | None:
    """Parse an RFC 5322 Date header; None when missing or unreadable."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError, OverflowError):  # e.g. year 99999999999, offset +9999
        return None
    # RFC 5322 section 3.3: "-0000" says the zone is unknown; Python returns a naive time for it.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
