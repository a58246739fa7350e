"""INTERNALDATE (RFC 3501 date-time) read by slicing gives what strptime gives, and odd forms still parse or are None."""

from __future__ import annotations

import datetime as dt

import pytest

from watcher.sources.imap import _internal_date


@pytest.mark.parametrize("text", ["17-Jul-1996 02:44:25 -0700", " 1-Jan-2020 00:00:00 +0000", "31-Dec-2026 23:59:59 +1345",
                                  "05-feb-2024 12:30:00 -0000", "29-Feb-2024 08:05:09 +0530"])
def test_an_internal_date_is_read_as_strptime_reads_it(text: str) -> None:
    expected = dt.datetime.strptime(text.strip(), "%d-%b-%Y %H:%M:%S %z")
    found = _internal_date(b'1 (UID 7 INTERNALDATE "' + text.encode() + b'" BODY[HEADER] {12}')
    assert found == expected
    assert found is not None and found.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", ["32-Jan-2020 00:00:00 +0000", "01-Foo-2020 00:00:00 +0000", "01-Jan-2020 00:00:00", ""])
def test_a_malformed_internal_date_is_none(text: str) -> None:
    assert _internal_date(b'1 (UID 7 INTERNALDATE "' + text.encode() + b'")') is None


def test_no_internal_date_is_none() -> None:
    assert _internal_date(b"1 (UID 7 BODY[HEADER] {12}") is None
