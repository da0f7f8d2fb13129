"""Rendering: a Query's answer as the bytes a client receives.

Data reports become JSON (orjson), exports RFC 4180 CSV. Both are pure functions of the Query, so
the bytes are kept per distinct Query, whoever asks, in caches bounded by their total size (a year
of daily States Volume is a few hundred kilobytes, a 12-month export megabytes, cheap to draw
again). JSON answers that never change (the users, groups and forms lists) are rendered once.
"""

from __future__ import annotations

import csv
import io

import orjson

from mock_server.cache import BoundedCache
from mock_server.export_rows import ExportRows
from mock_server.fixtures import Team
from mock_server.queries import Query
from mock_server.reports import Reports

REPORT_CACHE_BYTES = 64 * 1024 * 1024
CSV_CACHE_BYTES = 32 * 1024 * 1024


class Renderer:
    def __init__(self, team: Team, reports: Reports, export_rows: ExportRows) -> None:
        self.reports = reports
        self.export_rows = export_rows
        self.users = orjson.dumps(team.users)
        self.groups = orjson.dumps(team.groups)
        self.forms = orjson.dumps(team.forms)
        self.report_cache: BoundedCache[Query, bytes] = BoundedCache(REPORT_CACHE_BYTES, len)
        self.csv_cache: BoundedCache[Query, bytes] = BoundedCache(CSV_CACHE_BYTES, len)

    def report(self, query: Query) -> bytes:
        """The JSON answer of a data report."""
        return self.report_cache.get_or_make(query, self._report)

    def csv(self, query: Query) -> bytes:
        """The CSV of an export, UTF-8."""
        return self.csv_cache.get_or_make(query, self._csv_of)

    def _report(self, query: Query) -> bytes:
        return orjson.dumps(self.reports.build(query))

    def _csv_of(self, query: Query) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends
        writer.writerows(self.export_rows.rows(query))
        return out.getvalue().encode("utf-8")
