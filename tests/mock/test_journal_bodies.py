"""The journal reads back whatever it stored: a body the mock accepted or refused comes back as the
same JSON, or as its text marked ``"body_raw": true`` (not JSON, not UTF-8, nested too deep to be
written back, or cut at 4 KiB). One refused request must never break a token's journal.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mock_server.app import MockApp, create_app
from mock_server.journal import MAX_BODY_DEPTH, MAX_FIELD, Entry, Journal
from tests.support.asgi_raw import call_sync
from tests.support.mock_helpers import RAW_AUTH, RAW_JSON_TYPE, REPORTS

JOURNAL = "/_mock/journal"
RESET = "/_mock/reset"


def deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


BODIES: dict[str, bytes] = {
    "arrays nested 253 deep (orjson reads 1,024 levels, writes 254)": deep(253),
    "objects nested 253 deep": b'{"a":' * 253 + b"1" + b"}" * 253,
    "arrays nested just within the limit": deep(MAX_BODY_DEPTH),
    "arrays nested one past the limit": deep(MAX_BODY_DEPTH + 1),
    "arrays nested 1,000 deep": deep(1000),
    "arrays nested 2,000 deep (beyond orjson's reader)": deep(2000),
    "not JSON": b"hello",
    "not UTF-8": b'{"type": "summ\xff\xfe"}',
    "lone surrogate escape": b'{"type": "\\ud800"}',
    "number overflowing a double": b"[1e400]",
    "integer beyond 64 bits": b"[" + b"9" * 30 + b"]",
    "NUL": b"\x00",
    "a plain JSON body": b'{"type": "summary", "date_from": "2018-04-01T00:00:00Z"}',
}


@pytest.fixture
def app() -> MockApp:
    return create_app(rate_limit="0", export_delay=0)


def journal(app: MockApp, headers: list[tuple[bytes, bytes]]) -> list[dict[str, Any]]:
    answer = call_sync(app, "GET", JOURNAL, headers=headers)
    assert answer.status == 200, answer
    entries: list[dict[str, Any]] = answer.json()
    return entries


def assert_reads_back(entry: dict[str, Any], body: bytes) -> None:
    if not body:
        assert entry["body"] is None, entry
    elif entry.get("body_raw"):
        assert isinstance(entry["body"], str), entry
        assert entry["body"] == body[:MAX_FIELD].decode("utf-8", "replace"), entry
    else:
        assert entry["body"] == orjson.loads(body), entry


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_any_body_reads_back(app: MockApp, body: bytes) -> None:
    headers = [RAW_AUTH]
    answer = call_sync(app, "POST", REPORTS, headers=[*headers, RAW_JSON_TYPE], body=body)
    assert answer.status == 404, answer
    entries = journal(app, headers)
    assert len(entries) == 1, entries
    assert_reads_back(entries[0], body)
    # The next request is journalled too: the journal is not stuck.
    call_sync(app, "GET", "/v1/users", headers=headers)
    assert [entry["path"] for entry in journal(app, headers)] == [REPORTS, "/v1/users"]


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_the_token_less_journal_reads_back_any_body(body: bytes) -> None:
    """Without a token the mock answers 401 before reading a body; the journal must still never
    break on one it did store (as the journal route writes it: orjson, a list of entries)."""
    stored = Journal()
    stored.record("", Entry("POST", REPORTS, b"", (), body, 404))
    (entry,) = orjson.loads(orjson.dumps(stored.entries("")))
    assert_reads_back(entry, body)


def test_a_body_nested_past_the_limit_is_marked(app: MockApp) -> None:
    call_sync(app, "POST", REPORTS, headers=[RAW_AUTH, RAW_JSON_TYPE], body=deep(253))
    (entry,) = journal(app, [RAW_AUTH])
    assert entry["body_raw"] is True
    assert entry["body"] == deep(253).decode()


@given(
    st.binary(max_size=600)
    | st.recursive(st.none(), lambda inner: st.lists(inner, max_size=2)).map(orjson.dumps)
)
def test_arbitrary_bodies_read_back(body: bytes) -> None:
    app = SHARED_APP
    call_sync(app, "POST", RESET, headers=[RAW_AUTH])
    call_sync(app, "POST", REPORTS, headers=[RAW_AUTH, RAW_JSON_TYPE], body=body)
    entries = journal(app, [RAW_AUTH])
    assert_reads_back(entries[-1], body)


SHARED_APP = create_app(rate_limit="0", export_delay=0)
