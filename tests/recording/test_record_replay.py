"""Record a second mock (other fixtures) through the proxy, then replay it offline.

The upstream is a real ``python -m mock_server`` process with its own fixture set (another seed,
another first user), the proxy a real ``lexer-mock record`` process, the replay a real
``lexer-mock --replay DIR`` process started after the upstream has stopped. The replayed answers
are the recorded ones byte for byte; auth, the rate limit and the journal still work as in normal
mode.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from lexer_activity_client.models import SummaryRequest
from lexer_activity_client.reports import make_client, run_report

from tests.support.recording import run_record
from tests.support.servers import run_cli
from tests.support.spec_tools import REPO_ROOT

SECRET = "rec-7f1d2c9a-0b4e-4d6f-a1c3-secret-token"
AUTH = {"Auth-Api-Token": SECRET}
APRIL = {"date_from": "2018-04-01T00:00:00+11:00", "date_to": "2018-04-30T23:59:59+11:00"}

REPORTS = "/v1/activity/reports"
TWO_DAYS = {"date_from": "2018-04-01T00:00:00Z", "date_to": "2018-04-02T00:00:00Z"}
TWO_DAYS_AGAIN = {"date_to": "2018-04-02T00:00:00+00:00", "date_from": "2018-04-01T00:00:00+00:00"}
TOO_LONG = {"date_from": "2017-01-01T00:00:00+11:00", "date_to": "2018-04-30T00:00:00+11:00"}
SUMMARY_AGAIN = (
    '{ "date_to":"2018-04-30t23:59:59+11:00",\n'
    '  "date_from": "2018-04-01T00:00:00.000+11:00", "type":"summary"}'
)
NPS = {"form": 123, "nps_category": "all"}

# (method, path, JSON body as the recording sends it, the same body as the replay sends it:
# other key order, other whitespace, other spellings of the same date-times)
REQUESTS: list[tuple[str, str, str | None, str | None]] = [
    ("GET", "/v1/users", None, None),
    ("GET", "/v1/groups", None, None),
    ("GET", "/v1/forms", None, None),
    ("POST", REPORTS, json.dumps({"type": "summary", **APRIL}), SUMMARY_AGAIN),
    (
        "POST",
        REPORTS,
        json.dumps({"type": "states_volume", **TWO_DAYS}),
        json.dumps({**TWO_DAYS_AGAIN, "type": "states_volume"}),
    ),
    (
        "POST",
        REPORTS,
        json.dumps({"type": "nps_volume", **APRIL, **NPS}),
        json.dumps({**NPS, "type": "nps_volume", **APRIL}),
    ),
    # A documented 400 (range over 12 months), recorded and replayed like any answer.
    ("POST", REPORTS, json.dumps({"type": "summary", **TOO_LONG}), None),
]
ELEVEN = dt.timezone(dt.timedelta(hours=11))
MAY_START = dt.datetime(2018, 5, 1, tzinfo=ELEVEN)
MAY = SummaryRequest(
    type_="summary", date_from=MAY_START, date_to=dt.datetime(2018, 5, 31, 23, 59, 59, tzinfo=ELEVEN)
)
EXPORTS = [
    ("mention_sla_export", "/api/public/v1"),  # the status call on the documents' status host
    ("case_details", "/v1"),
]


RECORDED = len(REQUESTS) + 2 * len(EXPORTS) + 1  # exchanges: the requests, two per export, the client's


@dataclass
class Recorded:
    folder: Path
    answers: list[tuple[int, bytes]]  # of REQUESTS, in order
    exports: list[tuple[bytes, bytes, bytes, str]]  # (job, status answer, CSV, upstream root) per export
    audit: str
    exit_status: int
    upstream_root: str
    typed: dict[str, Any]  # the client's SummaryReport of MAY, as a dict


def send(client: httpx.Client, root: str, method: str, path: str, body: str | None) -> httpx.Response:
    headers = {**AUTH, "Content-Type": "application/json"} if body is not None else AUTH
    return client.request(method, f"{root}{path}", content=body, headers=headers)


def other_fixtures(folder: Path) -> Path:
    """The built-in fixture set with another seed and another first user."""
    shutil.copytree(REPO_ROOT / "mock_server" / "fixtures", folder)
    model = folder / "model.yaml"
    model.write_text(re.sub(r"(?m)^seed: \d+", "seed: 777", model.read_text()))
    users = json.loads((folder / "users.json").read_text())
    users[0]["first_name"] = "Recorded"
    (folder / "users.json").write_text(json.dumps(users))
    return folder


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    base = tmp_path_factory.mktemp("recording")
    fixtures = other_fixtures(base / "fixtures")
    folder = base / "rec"
    with run_cli(
        "--fixtures", str(fixtures), "--token", SECRET, "--export-delay", "0", "--rate-limit", "0"
    ) as up:
        args = [
            "--upstream",
            f"{up.url}/v1",
            "--status-upstream",
            f"{up.url}/api/public/v1",
            "--out",
            str(folder),
        ]
        with run_record(*args) as proxy, httpx.Client(timeout=30) as client:
            answers = []
            for method, path, body, _ in REQUESTS:
                answer = send(client, proxy.url, method, path, body)
                answers.append((answer.status_code, answer.content))
            exports = []
            for kind, status_base in EXPORTS:
                job = send(
                    client, proxy.url, "POST", "/v1/activity/reports", json.dumps({"type": kind, **APRIL})
                )
                token = job.json()["token"]
                status = client.get(
                    f"{proxy.url}{status_base}/activity/reports/status?token={token}", headers=AUTH
                )
                assert status.json()["status"] == "complete", status.text
                download = client.get(status.json()["url"])
                assert download.status_code == 200
                exports.append((job.content, status.content, download.content, up.url))
            # The kit's own client, pointed at the proxy, is recorded like any caller.
            with make_client(SECRET, base_url=f"{proxy.url}/v1") as kit_client:
                typed = run_report(kit_client, MAY).to_dict()
            exit_status = proxy.stop()
            audit = proxy.stdout()
        upstream_root = up.url
    return Recorded(folder, answers, exports, audit, exit_status, upstream_root, typed)


def test_the_recording_holds_every_exchange_as_reviewable_files(recorded: Recorded) -> None:
    assert recorded.exit_status == 0
    files = sorted(p.name for p in (recorded.folder / "exchanges").iterdir())
    assert len(files) == RECORDED
    assert files[0] == "000001-listUsers.json"
    assert files[3] == "000004-runReport-summary.json"
    assert sorted(p.name for p in (recorded.folder / "exports").iterdir()) == sorted(
        f"{json.loads(job)['token']}.csv" for job, *_ in recorded.exports
    )
    summary = json.loads((recorded.folder / "exchanges" / files[3]).read_text())
    assert summary["operation"] == "runReport"
    assert summary["request"]["body"] == {"type": "summary", **APRIL}
    assert summary["response"]["status"] == 200
    assert summary["response"]["headers"]["content-type"] == "application/json"
    assert json.dumps(summary["response"]["body"], separators=(",", ":")).encode() == recorded.answers[3][1]
    manifest = json.loads((recorded.folder / "recording.json").read_text())
    assert manifest["upstreams"]["api"] == f"{recorded.upstream_root}/v1"
    assert manifest["spec"]["version"]


def test_no_file_of_the_recording_holds_the_token(recorded: Recorded) -> None:
    written = [p for p in recorded.folder.rglob("*") if p.is_file()]
    assert len(written) == 1 + RECORDED + len(EXPORTS)
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path
    assert SECRET not in recorded.audit
    first = json.loads((recorded.folder / "exchanges" / "000001-listUsers.json").read_text())
    assert first["request"]["headers"]["auth-api-token"] == "<redacted>"


def test_the_recording_ends_with_its_audit(recorded: Recorded) -> None:
    assert f"audit of {recorded.folder}: {RECORDED} exchange(s)" in recorded.audit
    # The upstream is the mock, whose answers fit the spec: nothing to report.
    assert recorded.audit.rstrip().splitlines()[-1] == "no drift: every recorded answer fits the spec"


def test_the_replay_answers_byte_for_byte_offline(recorded: Recorded) -> None:
    # The upstream has stopped (the fixture left its block): everything comes from the folder.
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{recorded.upstream_root}/v1/users", headers=AUTH, timeout=5)
    args = ["--replay", str(recorded.folder), "--replay-only", "--token", SECRET]
    with run_cli(*args) as replay, httpx.Client(timeout=30) as client:
        for (method, path, body, replay_body), (status, content) in zip(
            REQUESTS, recorded.answers, strict=True
        ):
            answer = send(client, replay.url, method, path, replay_body or body)
            assert (answer.status_code, answer.content) == (status, content), (path, body)
        for (kind, status_base), (job, job_status, csv, upstream) in zip(
            EXPORTS, recorded.exports, strict=True
        ):
            again = send(
                client, replay.url, "POST", "/v1/activity/reports", json.dumps({**APRIL, "type": kind})
            )
            assert again.content == job
            token = again.json()["token"]
            polled = client.get(
                f"{replay.url}{status_base}/activity/reports/status?token={token}", headers=AUTH
            )
            # The same answer, with the url pointing at the replaying mock's copy of the file.
            assert polled.content == job_status.replace(upstream.encode(), replay.url.encode())
            assert client.get(polled.json()["url"]).content == csv
        # Not in the recording: 404 with --replay-only.
        other = send(
            client,
            replay.url,
            "POST",
            "/v1/activity/reports",
            json.dumps({"type": "case_summary", **APRIL}),
        )
        assert other.status_code == 404
        assert other.json() == {
            "error": "Not found",
            "message": "This request is not in the recording (--replay-only).",
        }
        # The same instant in another offset is another request (buckets follow date_from's offset).
        shifted = {"type": "summary", "date_from": "2018-03-31T13:00:00Z", "date_to": APRIL["date_to"]}
        assert (
            send(client, replay.url, "POST", "/v1/activity/reports", json.dumps(shifted)).status_code == 404
        )
        # The kit's client gets the same typed report from the replay.
        with make_client(SECRET, base_url=f"{replay.url}/v1") as kit_client:
            assert run_report(kit_client, MAY).to_dict() == recorded.typed
        # The runtime control API works as in normal mode: a staged fault answers before the recording.
        fault = client.post(
            f"{replay.url}/_mock/faults", json={"operation": "listUsers", "status": 500}, headers=AUTH
        )
        assert fault.status_code == 201
        assert client.get(f"{replay.url}/v1/users", headers=AUTH).status_code == 500
        assert client.get(f"{replay.url}/v1/users", headers=AUTH).content == recorded.answers[0][1]
        # The journal keeps what the replaying mock received, as in normal mode.
        journal = client.get(f"{replay.url}/_mock/journal", headers=AUTH).json()
        assert [e["path"] for e in journal[:3]] == ["/v1/users", "/v1/groups", "/v1/forms"]
        assert [e["status"] for e in journal[:3]] == [200, 200, 200]
        assert f"replaying {RECORDED} recorded answer(s)" in replay.output()


def test_replay_keeps_auth_and_the_rate_limit_and_computes_the_rest(recorded: Recorded) -> None:
    args = ["--replay", str(recorded.folder), "--token", SECRET, "--rate-limit", "3/300"]
    with run_cli(*args) as replay, httpx.Client(timeout=30) as client:
        no_token = client.get(f"{replay.url}/v1/users")
        assert (no_token.status_code, no_token.json()["error"]) == (401, "Unauthorized")
        wrong = client.get(f"{replay.url}/v1/users", headers={"Auth-Api-Token": "not-a-token"})
        assert (wrong.status_code, wrong.json()["error"]) == (
            401,
            "Unauthorized - api token not matching",
        )
        users = client.get(f"{replay.url}/v1/users", headers=AUTH)
        assert users.content == recorded.answers[0][1]
        assert users.json()[0]["first_name"] == "Recorded"
        # Not recorded and no --replay-only: computed from the mock's own fixtures, as today.
        computed = send(
            client,
            replay.url,
            "POST",
            "/v1/activity/reports",
            json.dumps({"type": "case_summary", **APRIL}),
        )
        assert computed.status_code == 200
        assert isinstance(computed.json(), dict)
        assert computed.json()
        groups = client.get(f"{replay.url}/v1/groups", headers=AUTH)
        assert groups.content == recorded.answers[1][1]
        limited = client.get(f"{replay.url}/v1/users", headers=AUTH)
        assert limited.status_code == 429
        assert limited.json()["error"] == "Rate limited exceeded"
        assert int(limited.headers["Retry-After"]) > 0
