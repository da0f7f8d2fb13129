"""``lexer-activity``: the Lexer Activity API from the command line.

Generated from the OpenAPI document by scripts/generate_client.py (``make client``); do not edit.

    lexer-activity users|groups|forms [--format table|json|csv]
    lexer-activity report TYPE --from DATE --to DATE [--users ID,...] [--groups ID,...] [--form ID]
                          [--nps-category C] [--tz ZONE] [--format table|json|csv]
    lexer-activity export TYPE --from DATE --to DATE -o FILE

The token comes from ``--token`` or ``LEXER_API_TOKEN``, the server from ``--base-url`` or
``LEXER_API_BASE_URL``. Each error class has its own exit status (``EXIT_CODES``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from ._base_client import BASE_URL_ENV, DEFAULT_MAX_RETRIES, STATUS_BASE_URL_ENV, TOKEN_ENV
from ._client import REQUEST_MODELS, Lexer, ReportRequest
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ExportTimeoutError,
    InternalServerError,
    LexerError,
    NotFoundError,
    RateLimitError,
)
from .models import ExportJob
from .types import UNSET

__all__ = ["EXIT_CODES", "app", "main"]

EXIT_CODES: dict[type[LexerError], int] = {
    LexerError: 1,
    APIConnectionError: 3,
    APITimeoutError: 4,
    BadRequestError: 5,
    AuthenticationError: 6,
    NotFoundError: 7,
    RateLimitError: 8,
    InternalServerError: 9,
    ExportTimeoutError: 10,
    APIResponseValidationError: 11,
    APIStatusError: 12,
}
"""The exit status of each error class (the most specific class of an error wins); 2 is a usage error."""

USAGE = 2


class ReportType(StrEnum):
    """The report types ``report`` runs (the answer is the report itself)."""

    SUMMARY = "summary"
    STATES_VOLUME = "states_volume"
    WORKFLOW_STATES = "workflow_states"
    CLASSIFICATIONS = "classifications"
    RESPONSE_VOLUME = "response_volume"
    USER_SUMMARY = "user_summary"
    USER_VOLUME = "user_volume"
    CASE_SUMMARY = "case_summary"
    CASE_VOLUME = "case_volume"
    CASE_CLASSIFICATIONS = "case_classifications"
    NPS_SUMMARY = "nps_summary"
    NPS_VOLUME = "nps_volume"


class ExportType(StrEnum):
    """The report types ``export`` runs (the answer is a CSV file)."""

    CASE_DETAILS = "case_details"
    NPS_SUBMISSIONS = "nps_submissions"
    MENTION_SLA_EXPORT = "mention_sla_export"


NPS_CATEGORIES: tuple[str, ...] = (
    "all",
    "promoters",
    "passives",
    "detractors",
)
"""The values of ``--nps-category`` the API documents (an open list: the API decides)."""


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


app = typer.Typer(
    name="lexer-activity",
    help="The Lexer Activity API from the command line: users, groups, forms, reports and CSV exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

TokenOption = Annotated[
    str | None,
    typer.Option("--token", envvar=TOKEN_ENV, show_envvar=True, show_default=False, help="The API token."),
]
BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url", envvar=BASE_URL_ENV, show_envvar=True, help="The API's server (default: the API's own)."
    ),
]
StatusBaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--status-base-url",
        envvar=STATUS_BASE_URL_ENV,
        show_envvar=True,
        help="The server of the exports' status call (default: the documents' host, or --base-url when set).",
    ),
]
RetriesOption = Annotated[
    int, typer.Option("--max-retries", min=0, help="Retries on connection errors, 429 and 5xx answers.")
]
TimeoutOption = Annotated[float, typer.Option("--timeout", min=0.001, help="Seconds each request may take.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="How to print the answer.")]
FromOption = Annotated[
    str,
    typer.Option(
        "--from", help="Start: a date (2018-04-01, its midnight) or a date and time (2018-04-01T09:30[+11:00])."
    ),
]
ToOption = Annotated[
    str,
    typer.Option("--to", help="End: a date (2018-04-30, until 23:59:59 of it) or a date and time."),
]
UsersOption = Annotated[
    list[str] | None, typer.Option("--users", help="Only these user ids (comma-separated or repeated).")
]
GroupsOption = Annotated[
    list[str] | None, typer.Option("--groups", help="Only these group ids (comma-separated or repeated).")
]
FormOption = Annotated[int | None, typer.Option("--form", help="The NPS survey (a form id from `forms`).")]
NpsCategoryOption = Annotated[
    str | None,
    typer.Option("--nps-category", help=f"The NPS answers counted: {', '.join(NPS_CATEGORIES)}."),
]
TzOption = Annotated[
    str | None,
    typer.Option("--tz", help="Time zone of dates given without an offset (Australia/Sydney, +11:00); default: local."),
]


def _fail(error: LexerError) -> NoReturn:
    code = next(EXIT_CODES[cls] for cls in type(error).__mro__ if cls in EXIT_CODES)
    Console(stderr=True, highlight=False).print(f"error: {type(error).__name__}: {error}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


@contextlib.contextmanager
def _reported() -> Iterator[None]:
    """Errors of the client become a message on stderr and the exit status of their class."""
    try:
        yield
    except LexerError as error:
        _fail(error)


def _client(
    token: str | None, base_url: str | None, status_base_url: str | None, retries: int, timeout: float
) -> Lexer:
    if not token:
        raise typer.BadParameter(f"no API token: pass --token or set {TOKEN_ENV}", param_hint="--token")
    return Lexer(token, base_url=base_url, status_base_url=status_base_url, max_retries=retries, timeout=timeout)


def _zone(name: str | None) -> dt.tzinfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    try:
        offset = dt.datetime.fromisoformat(f"2000-01-01T00:00:00{name}").utcoffset()
    except ValueError:
        offset = None
    if offset is None:
        raise typer.BadParameter(
            f"{name!r} is neither a time zone (Australia/Sydney) nor an offset (+11:00)", param_hint="--tz"
        )
    return dt.timezone(offset)


def parse_when(text: str, zone: dt.tzinfo | None, *, end: bool, option: str) -> dt.datetime:
    """A date or date-time as a user types it, with an offset: ``zone``'s, else the local zone's (for that
    date). A plain date is its first second, or with ``end`` its last."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise typer.BadParameter(
                f"{text!r} is not a date (2018-04-01) or a date and time (2018-04-01T09:30, 2018-04-01T09:30+11:00)",
                param_hint=option,
            ) from None
    else:
        value = dt.datetime.combine(day, dt.time(23, 59, 59) if end else dt.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone) if zone is not None else value.astimezone()
    return value


def _ids(values: list[str] | None, option: str) -> list[int] | None:
    if not values:
        return None
    ids = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                try:
                    ids.append(int(part))
                except ValueError:
                    raise typer.BadParameter(f"{part!r} is not an id (a whole number)", param_hint=option) from None
    return ids


def build_request(
    report_type: str,
    date_from: str,
    date_to: str,
    *,
    users: list[str] | None = None,
    groups: list[str] | None = None,
    form: int | None = None,
    nps_category: str | None = None,
    tz: str | None = None,
) -> ReportRequest:
    """The request model of ``report_type`` from the command line's options."""
    model = REQUEST_MODELS[report_type]
    zone = _zone(tz)
    fields = attrs.fields_dict(model)
    given: dict[str, Any] = {
        "users": _ids(users, "--users"),
        "groups": _ids(groups, "--groups"),
        "form": form,
        "nps_category": nps_category,
    }
    arguments: dict[str, Any] = {
        "date_from": parse_when(date_from, zone, end=False, option="--from"),
        "date_to": parse_when(date_to, zone, end=True, option="--to"),
    }
    for name, value in given.items():
        option = "--" + name.replace("_", "-")
        if value is None:
            if name in fields and fields[name].default is attrs.NOTHING:
                raise typer.BadParameter(f"a {report_type} report needs {option}", param_hint=option)
            continue
        if name not in fields:
            raise typer.BadParameter(f"a {report_type} report takes no {option}", param_hint=option)
        arguments[name] = value
    try:
        return model(**arguments)
    except (TypeError, ValueError) as exc:
        raise typer.BadParameter(str(exc)) from None


def to_json(value: Any) -> Any:
    """A model (or a list of models) as the JSON the API sent."""
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


def _flat(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flat(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = json.dumps(value)
        else:
            flat[name] = value
    return flat


def records(data: Any) -> list[dict[str, Any]]:
    """The rows of an answer: a list's items, a map of series as (key, point) rows, an object as one row."""
    if isinstance(data, list):
        return [_flat(item) if isinstance(item, dict) else {"value": item} for item in data]
    if isinstance(data, dict) and data and all(isinstance(item, list) for item in data.values()):
        return [{"key": key, **_flat(item)} for key, items in data.items() for item in items]
    if isinstance(data, dict):
        return [_flat(data)]
    return [{"value": data}]


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


def _cell(value: Any) -> str:
    if value is None or value is UNSET:
        return ""
    return str(value)


def print_answer(value: Any, output: Format, out: IO[str] | None = None) -> None:
    """Print an answer as a table (Rich), JSON or CSV on stdout."""
    stream = out or sys.stdout
    data = to_json(value)
    if output is Format.JSON:
        stream.write(json.dumps(data, indent=2) + "\n")
        return
    rows = records(data)
    columns = _columns(rows)
    if output is Format.CSV:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(row.get(column)) for column in columns] for row in rows)
        return
    console = Console(file=stream, highlight=False)
    if isinstance(data, dict) and len(rows) == 1:
        table = Table("field", "value")
        for column in columns:
            table.add_row(column, _cell(rows[0].get(column)))
    else:
        table = Table(*columns)
        for row in rows:
            table.add_row(*(_cell(row.get(column)) for column in columns))
    console.print(table)


@app.command("users")
def users_command(
    token: TokenOption = None,
    base_url: BaseUrlOption = None,
    output: FormatOption = Format.TABLE,
    max_retries: RetriesOption = DEFAULT_MAX_RETRIES,
    timeout: TimeoutOption = 60.0,
) -> None:
    """List users (`listUsers`)."""
    with _reported(), _client(token, base_url, None, max_retries, timeout) as lexer:
        print_answer(lexer.users.list(), output)


@app.command("groups")
def groups_command(
    token: TokenOption = None,
    base_url: BaseUrlOption = None,
    output: FormatOption = Format.TABLE,
    max_retries: RetriesOption = DEFAULT_MAX_RETRIES,
    timeout: TimeoutOption = 60.0,
) -> None:
    """List groups (`listGroups`)."""
    with _reported(), _client(token, base_url, None, max_retries, timeout) as lexer:
        print_answer(lexer.groups.list(), output)


@app.command("forms")
def forms_command(
    token: TokenOption = None,
    base_url: BaseUrlOption = None,
    output: FormatOption = Format.TABLE,
    max_retries: RetriesOption = DEFAULT_MAX_RETRIES,
    timeout: TimeoutOption = 60.0,
) -> None:
    """List forms (`listForms`)."""
    with _reported(), _client(token, base_url, None, max_retries, timeout) as lexer:
        print_answer(lexer.forms.list(), output)


@app.command("report")
def report_command(
    report_type: Annotated[ReportType, typer.Argument(metavar="TYPE", help="The report type.", show_default=False)],
    date_from: FromOption,
    date_to: ToOption,
    users: UsersOption = None,
    groups: GroupsOption = None,
    form: FormOption = None,
    nps_category: NpsCategoryOption = None,
    tz: TzOption = None,
    output: FormatOption = Format.TABLE,
    token: TokenOption = None,
    base_url: BaseUrlOption = None,
    max_retries: RetriesOption = DEFAULT_MAX_RETRIES,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Run a report and print it (`runReport`)."""
    body = build_request(
        report_type.value, date_from, date_to, users=users, groups=groups, form=form, nps_category=nps_category, tz=tz
    )
    with _reported(), _client(token, base_url, None, max_retries, timeout) as lexer:
        print_answer(lexer.reports.run(body), output)


@app.command("export")
def export_command(
    report_type: Annotated[ExportType, typer.Argument(metavar="TYPE", help="The export type.", show_default=False)],
    date_from: FromOption,
    date_to: ToOption,
    destination: Annotated[str, typer.Option("--output", "-o", help="The CSV file to write (- for stdout).")],
    users: UsersOption = None,
    groups: GroupsOption = None,
    form: FormOption = None,
    nps_category: NpsCategoryOption = None,
    tz: TzOption = None,
    interval: Annotated[float, typer.Option("--interval", min=0.0, help="Seconds between status polls.")] = 2.0,
    wait_timeout: Annotated[
        float, typer.Option("--wait-timeout", min=0.0, help="Seconds to wait for the export before giving up.")
    ] = 600.0,
    token: TokenOption = None,
    base_url: BaseUrlOption = None,
    status_base_url: StatusBaseUrlOption = None,
    max_retries: RetriesOption = DEFAULT_MAX_RETRIES,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Run a CSV export, wait for it with a live display, and download the file (`runReport`, `getReportStatus`)."""
    body = build_request(
        report_type.value, date_from, date_to, users=users, groups=groups, form=form, nps_category=nps_category, tz=tz
    )
    console = Console(stderr=True, highlight=False)
    with _reported(), _client(token, base_url, status_base_url, max_retries, timeout) as lexer:
        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console) as progress:
            waiting = progress.add_task(f"{report_type.value}: starting", total=None)
            started = lexer.reports.run(body)
            if not isinstance(started, ExportJob):
                raise LexerError(f"{report_type.value} answered with no export job")
            job = started
            polls = 0

            def polled(state: ExportJob) -> None:
                nonlocal polls
                polls += 1
                progress.update(
                    waiting, description=f"{report_type.value} {state.token}: {state.status} (poll {polls})"
                )

            progress.update(waiting, description=f"{report_type.value} {job.token}: {job.status}")
            job = lexer.reports.wait(job, interval=interval, timeout=wait_timeout, on_poll=polled)
            progress.update(waiting, description=f"{report_type.value} {job.token}: complete", total=1, completed=1)
            downloading = progress.add_task(f"downloading to {destination}", total=None)

            def received(done: int, total: int | None) -> None:
                progress.update(downloading, completed=done, total=total)

            target: str | IO[bytes] = sys.stdout.buffer if destination == "-" else destination
            size = lexer.reports.download(job, target, progress=received)
            progress.update(downloading, total=size, completed=size)
        if destination != "-":
            console.print(f"wrote {size} bytes to {Path(destination)}", markup=False, soft_wrap=True)


def main() -> None:
    """The console script ``lexer-activity``."""
    app(prog_name="lexer-activity")
