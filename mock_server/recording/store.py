"""The on-disk format of a recording folder, written atomically, with API tokens redacted.

A recording folder holds

- ``recording.json``: what made it (format version, the spec's title and version, the upstream
  hosts, when it started);
- ``exchanges/NNNNNN-<operation>[-<report type>].json``: one file per request, numbered in the
  order the answers arrived: the request (method, path, query, the headers of interest, the JSON
  body as sent) and the answer (status, every header but the transport ones, the JSON body; the
  exact text too in ``body_raw`` when re-serialising the JSON would not give the same bytes);
- ``exports/<export token>.csv``: the CSV file of each export followed through, named in the
  status exchange that announced it (its ``csv`` member).

Every file is JSON (or CSV) indented for review and diffs. Every write goes to a temporary file
in the same folder that is then renamed over the target, so an interrupted recording leaves the
files it had written whole. The API tokens of the requests never reach the disk: each one is
replaced by ``<redacted>`` in every string written (as sent and URL-encoded; in JSON files string
by string, so that they stay valid JSON) and in the CSV files, and so are cookies and credentials
in URLs.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import orjson
from jsonschema import Draft202012Validator

FORMAT = 1  # the newest format this kit reads and the one it writes
MANIFEST = "recording.json"
EXCHANGES = "exchanges"
EXPORTS = "exports"
REDACTED = "<redacted>"
KIND = "lexer-mock recording"
SECRET_HEADERS = frozenset({"auth-api-token", "authorization", "cookie", "set-cookie", "proxy-authorization"})
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


class RecordingError(Exception):
    """A recording folder that cannot be written or read; the message says which file and why."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def safe_name(text: str, limit: int = 80) -> str:
    """A file-name-safe version of an operation, report type or export token."""
    return _SAFE_NAME.sub("_", text)[:limit] or "_"


def shown_path(path: Path | None) -> str:
    """A path relative to the current directory when it is under it."""
    if path is None:
        return "openapi.yaml"
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def strip_credentials(url: str) -> str:
    """A URL without user name/password and with its query string redacted (signed storage links
    carry their signature there)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return REDACTED
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    if ":" in host:
        netloc = f"[{host}]:{parts.port}" if parts.port else f"[{host}]"
    query = "REDACTED" if parts.query else ""
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


class Redactor:
    """Replaces every secret it has been told about in text about to be written."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()

    def add(self, secret: str | None) -> None:
        if secret:
            self._secrets.add(secret)

    def text(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            for spelling in {secret, quote(secret, safe="")}:
                text = text.replace(spelling, REDACTED)
        return text

    def document(self, node: Any) -> Any:
        """A JSON document with the secrets replaced in every string (keys too), so that the
        result is always valid JSON, whatever the secret looks like."""
        if isinstance(node, str):
            return self.text(node)
        if isinstance(node, dict):
            return {self.text(str(k)): self.document(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self.document(v) for v in node]
        return node

    def data(self, data: bytes) -> bytes:
        for secret in sorted(self._secrets, key=len, reverse=True):
            for spelling in {secret, quote(secret, safe="")}:
                data = data.replace(spelling.encode("utf-8"), REDACTED.encode("ascii"))
        return data

    def headers(self, headers: Iterable[tuple[str, str]]) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, value in headers:
            key = name.lower()
            shown = REDACTED if key in SECRET_HEADERS else self.text(value)
            out[key] = f"{out[key]}, {shown}" if key in out else shown
        return out


def write_atomic(path: Path, data: bytes) -> None:
    """Writes ``data`` to ``path`` through a temporary file renamed over it: readers see the old
    file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise RecordingError(f"cannot write {path}: {exc.strerror or exc}") from None


def dump(document: Any) -> bytes:
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


# ---------------------------------------------------------------------- the format, as JSON Schema
_HEADERS = {"type": "object", "additionalProperties": {"type": "string"}}
MANIFEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "format"],
    "properties": {
        "kind": {"const": KIND},
        "format": {"type": "integer", "minimum": 1},
        "spec": {"type": "object"},
        "upstreams": {"type": "object", "additionalProperties": {"type": "string"}},
        "created_at": {"type": "string"},
    },
}
EXCHANGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["seq", "request", "response"],
    "properties": {
        "seq": {"type": "integer", "minimum": 1},
        "recorded_at": {"type": "string"},
        "operation": {"type": ["string", "null"]},
        "report_type": {"type": ["string", "null"]},
        "request": {
            "type": "object",
            "required": ["method", "path"],
            "properties": {
                "method": {"type": "string", "pattern": "^[A-Z]+$"},
                "path": {"type": "string", "pattern": "^/"},
                "query": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2},
                },
                "headers": _HEADERS,
                "body": {},
                "body_text": {"type": "string"},
            },
        },
        "response": {
            "type": "object",
            "required": ["status"],
            "properties": {
                "status": {"type": "integer", "minimum": 100, "maximum": 599},
                "headers": _HEADERS,
                "body": {},
                "body_raw": {"type": "string"},
                "body_text": {"type": "string"},
            },
        },
        "csv": {
            "type": "object",
            "required": ["file"],
            "properties": {
                "file": {"type": "string", "pattern": "^exports/[A-Za-z0-9_.-]+\\.csv$"},
                "url": {"type": "string"},
                "status": {"type": "integer"},
                "headers": _HEADERS,
            },
        },
        "csv_error": {"type": "string"},
    },
}


def _check(schema: dict[str, Any], document: Any, where: Path) -> None:
    errors = sorted(Draft202012Validator(schema).iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        at = "".join(f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in first.absolute_path) or "(top)"
        raise RecordingError(f"{where}: {at}: {first.message}; not a {KIND} file of format {FORMAT}")


def _read_json(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RecordingError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise RecordingError(f"{path} is not valid JSON ({exc}); was it edited by hand?") from None


# ---------------------------------------------------------------------- reading
@dataclass
class Exchange:
    """One recorded request and its answer, as read from its file."""

    path: Path
    document: dict[str, Any]

    @property
    def seq(self) -> int:
        return int(self.document["seq"])

    @property
    def request(self) -> dict[str, Any]:
        return dict(self.document["request"])

    @property
    def response(self) -> dict[str, Any]:
        return dict(self.document["response"])

    @property
    def status(self) -> int:
        return int(self.response["status"])

    @property
    def name(self) -> str:
        return f"{EXCHANGES}/{self.path.name}"

    def query(self) -> list[tuple[str, str]]:
        return [(str(k), str(v)) for k, v in self.request.get("query", [])]

    def has_json_body(self) -> bool:
        return "body" in self.response

    def body_bytes(self) -> bytes:
        """The answer's body as it was received (redactions aside)."""
        response = self.response
        if "body_raw" in response:
            return str(response["body_raw"]).encode("utf-8")
        if "body" in response:
            return orjson.dumps(response["body"])
        return str(response.get("body_text", "")).encode("utf-8")

    def content_type(self) -> str:
        return str(self.response.get("headers", {}).get("content-type", "application/json"))


@dataclass
class Recording:
    root: Path
    manifest: dict[str, Any]
    exchanges: list[Exchange] = field(default_factory=list)

    def csv(self, exchange: Exchange) -> bytes | None:
        entry = exchange.document.get("csv")
        if not isinstance(entry, dict):
            return None
        try:
            return (self.root / str(entry["file"])).read_bytes()
        except OSError as exc:
            raise RecordingError(
                f"{exchange.path}: its CSV file {self.root / entry['file']} cannot be read: {exc.strerror}"
            ) from None

    def next_seq(self) -> int:
        return max((e.seq for e in self.exchanges), default=0) + 1


def load(root: Path) -> Recording:
    """Reads a recording folder, checking every file against the format; RecordingError names
    the first file that does not fit and why."""
    if not root.exists():
        raise RecordingError(f"recording folder {root} does not exist")
    if not root.is_dir():
        raise RecordingError(f"{root} is not a folder")
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        raise RecordingError(f"{root} is not a recording: it has no {MANIFEST}")
    manifest = _read_json(manifest_path)
    _check(MANIFEST_SCHEMA, manifest, manifest_path)
    if manifest["format"] > FORMAT:
        raise RecordingError(
            f"{manifest_path}: format {manifest['format']} is newer than this kit reads ({FORMAT}); "
            "upgrade the kit"
        )
    recording = Recording(root, manifest)
    folder = root / EXCHANGES
    if folder.is_dir():
        seen: dict[int, Path] = {}
        for path in sorted(folder.glob("*.json")):
            if path.name.startswith("."):
                continue  # a temporary file of an interrupted write
            document = _read_json(path)
            _check(EXCHANGE_SCHEMA, document, path)
            response = document["response"]
            if "body_raw" in response and "body" in response:
                try:
                    raw = orjson.loads(response["body_raw"])
                except orjson.JSONDecodeError:
                    raw = None
                if raw != response["body"]:
                    raise RecordingError(
                        f"{path}: response.body and response.body_raw disagree; edit both, or delete "
                        "body_raw (it keeps the exact bytes received)"
                    )
            exchange = Exchange(path, document)
            if exchange.seq in seen:
                raise RecordingError(f"{path} and {seen[exchange.seq]} have the same seq {exchange.seq}")
            seen[exchange.seq] = path
            recording.exchanges.append(exchange)
    recording.exchanges.sort(key=lambda e: e.seq)
    return recording


# ---------------------------------------------------------------------- writing
class Writer:
    """Writes a recording folder: the manifest at start, then one file per exchange."""

    def __init__(self, root: Path, manifest: dict[str, Any], redactor: Redactor) -> None:
        self.root = root
        self.redactor = redactor
        self._seq = 1
        self.written = 0
        if root.exists() and not root.is_dir():
            raise RecordingError(f"--out {root} exists and is not a folder")
        if (root / MANIFEST).exists():
            existing = load(root)  # an earlier recording: go on after its last exchange
            self._seq = existing.next_seq()
            manifest = {**existing.manifest, **manifest, "created_at": existing.manifest.get("created_at")}
        elif root.is_dir() and any(not p.name.startswith(".") for p in root.iterdir()):
            raise RecordingError(f"--out {root} is not empty and not a recording; choose an empty folder")
        try:
            (root / EXCHANGES).mkdir(parents=True, exist_ok=True)
            (root / EXPORTS).mkdir(exist_ok=True)
        except OSError as exc:
            raise RecordingError(
                f"cannot create the recording folder {root}: {exc.strerror or exc}"
            ) from None
        write_atomic(root / MANIFEST, dump(manifest))

    def take_seq(self) -> int:
        seq = self._seq
        self._seq += 1
        return seq

    def _redacted(self, document: Any) -> bytes:
        return dump(self.redactor.document(document))

    def exchange(self, document: dict[str, Any]) -> Path:
        name = document.get("operation") or "unknown"
        if document.get("report_type"):
            name += f"-{document['report_type']}"
        path = self.root / EXCHANGES / f"{document['seq']:06d}-{safe_name(name)}.json"
        write_atomic(path, self._redacted(document))
        self.written += 1
        return path

    def export(self, job_token: str, data: bytes) -> str:
        """Saves an export's CSV; its path relative to the folder."""
        relative = f"{EXPORTS}/{safe_name(job_token)}.csv"
        write_atomic(self.root / relative, self.redactor.data(data))
        return relative
