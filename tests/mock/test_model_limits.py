"""The cost of a fixture set is bounded at start-up (mock_server/model_cost.py): a model past a bound
is refused with its figures, and the largest set the bounds allow answers every report type over 12
months, exports downloaded too. The test asserts that each answer comes (asgi_raw's guard fails a
request that hangs), never how fast.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

from mock_server import model_cost
from mock_server.app import create_app
from mock_server.fixtures import DEFAULT_FIXTURES, FixtureError
from mock_server.spec import Spec
from tests.support.asgi_raw import call_sync
from tests.support.mock_helpers import RAW_AUTH, RAW_JSON_TYPE, REPORTS, STATUS

# The 12 months before the test day's month (the history ends 2026-12-31; a start in the future is a 400).
PERIOD = {"date_from": "2025-11-01T00:00:00+10:00", "date_to": "2026-10-31T23:59:59+10:00"}


def fixture_copy(tmp_path: Path) -> Path:
    target = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_FIXTURES, target)
    return target


def edit_model(target: Path, **messages: Any) -> dict[str, Any]:
    model: dict[str, Any] = yaml.safe_load((target / "model.yaml").read_text())
    model["messages"].update(messages)
    (target / "model.yaml").write_text(yaml.safe_dump(model))
    return model


def test_a_model_that_would_hang_the_server_is_refused_with_its_figures(tmp_path: Path) -> None:
    """per_day 5000 and yearly_growth 2 are each within the schema; together they meant 3.6 million
    messages a day by 2023 (a one-day summary never answered, RSS 4.5 GB)."""
    target = fixture_copy(tmp_path)
    edit_model(target, per_day=5000, yearly_growth=2)
    with pytest.raises(FixtureError) as caught:
        create_app(fixtures=target)
    (problem,) = caught.value.problems
    assert "messages.per_day 5000 with yearly_growth 2 gives" in problem, problem
    assert "on the busiest day of the history (2026-12-31)" in problem, problem
    assert f"over the limit of {model_cost.MAX_MESSAGES_PER_DAY:,} a day" in problem, problem


def test_too_many_surveys_and_too_big_a_team_are_refused(tmp_path: Path) -> None:
    target = fixture_copy(tmp_path)
    model = yaml.safe_load((target / "model.yaml").read_text())
    model["nps"]["default"]["sent_per_day"] = 10_000  # the schema's maximum, per form
    (target / "model.yaml").write_text(yaml.safe_dump(model))
    groups = json.loads((target / "groups.json").read_text())
    groups += [{**groups[0], "id": 100_000 + i} for i in range(model_cost.MAX_GROUPS)]
    (target / "groups.json").write_text(json.dumps(groups))
    with pytest.raises(FixtureError) as caught:
        create_app(fixtures=target)
    text = "\n".join(caught.value.problems)
    assert f"groups.json: {len(groups):,} entries, over the limit of {model_cost.MAX_GROUPS:,}" in text, text
    assert f"surveys on the busiest weekday, over the limit of {model_cost.MAX_SURVEYS_PER_DAY:,}" in text, (
        text
    )


def largest_set(tmp_path: Path) -> Path:
    """Every bound of model_cost at (just under) its limit."""
    target = fixture_copy(tmp_path)
    groups: list[dict[str, Any]] = json.loads((target / "groups.json").read_text())
    groups += [
        {**groups[0], "id": 100_000 + i, "name": f"Group {i}"}
        for i in range(model_cost.MAX_GROUPS - len(groups))
    ]
    group_ids = [group["id"] for group in groups]
    users: list[dict[str, Any]] = json.loads((target / "users.json").read_text())
    template = next(user for user in users if not user["archived"])
    users += [
        {
            **template,
            "id": 1_000_000 + i,
            "email": f"agent{i}@example.com",
            "groups": [group_ids[i % len(group_ids)]],
        }
        for i in range(model_cost.MAX_USERS - len(users))
    ]
    forms: list[dict[str, Any]] = json.loads((target / "forms.json").read_text())
    plain = next(form for form in forms if not form["nps"])
    forms += [{**plain, "id": 2_000_000 + i} for i in range(model_cost.MAX_FORMS - len(forms))]
    model: dict[str, Any] = yaml.safe_load((target / "model.yaml").read_text())
    weights = model["messages"]["weekday_weights"]
    busiest = max(weights) / (sum(weights) / 7)
    model["messages"].update(per_day=0.999 * model_cost.MAX_MESSAGES_PER_DAY / busiest, yearly_growth=0)
    nps_forms = sum(1 for form in forms if form["nps"])
    model["nps"]["forms"] = {}
    model["nps"]["default"]["sent_per_day"] = 0.999 * model_cost.MAX_SURVEYS_PER_DAY / busiest / nps_forms
    model["classifications"] += [
        {"id": 10_000 + i, "name": f"class {i}", "weight": 1}
        for i in range(model_cost.MAX_CLASSIFICATIONS - len(model["classifications"]))
    ]
    for name, data in (("groups.json", groups), ("users.json", users), ("forms.json", forms)):
        (target / name).write_text(json.dumps(data))
    (target / "model.yaml").write_text(yaml.safe_dump(model))
    return target


def test_the_largest_set_the_bounds_allow_answers_every_report(tmp_path: Path) -> None:
    app = create_app(fixtures=largest_set(tmp_path), rate_limit="0", export_delay=0)
    team = app.mock.team
    assert len(team.users) == model_cost.MAX_USERS
    assert model_cost.busiest_day(team.model)[1] == pytest.approx(model_cost.MAX_MESSAGES_PER_DAY, rel=0.01)
    spec = Spec.load()
    nps_form = next(form["id"] for form in team.forms if form["nps"] and not form["archived"])
    exports = spec.export_types()
    for report_type in spec.report_request_schemas():
        body: dict[str, Any] = {"type": report_type, **PERIOD}
        if report_type.startswith("nps_"):
            body.update(form=nps_form, nps_category="all")
        answer = call_sync(app, "POST", REPORTS, headers=[RAW_AUTH, RAW_JSON_TYPE], body=orjson.dumps(body))
        assert answer.status == 200, (report_type, str(answer))
        if report_type in exports:
            token = answer.json()["token"]
            job = call_sync(app, "GET", STATUS, query=f"token={token}".encode(), headers=[RAW_AUTH]).json()
            assert job["status"] == "complete", job
            path = job["url"].split("//", 1)[1].partition("/")[2]
            csv = call_sync(app, "GET", "/" + path, headers=[RAW_AUTH])
            assert csv.status == 200, (report_type, str(csv))
            assert csv.body.count(b"\n") > model_cost.MAX_MESSAGES_PER_DAY, report_type
