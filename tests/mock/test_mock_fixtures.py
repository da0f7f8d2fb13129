"""The fixture data files: each fits its schema, references resolve, bad sets are refused clearly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft4Validator

from mock_server.app import create_app
from mock_server.fixtures import DEFAULT_FIXTURES, MODEL_SCHEMA, FixtureError, load_team
from mock_server.spec import Spec
from tests.support.mock_helpers import AUTH, assert_fits

LISTS = {"users.json": "User", "groups.json": "Group", "forms.json": "Form"}


def read(name: str) -> Any:
    path = DEFAULT_FIXTURES / name
    if name.endswith(".json"):
        return json.loads(path.read_text(encoding="utf-8"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "schema"), LISTS.items())
def test_list_fixtures_fit_the_spec_schemas(name: str, schema: str) -> None:
    items = read(name)
    assert isinstance(items, list), name
    assert items, f"{name} is empty"
    for item in items:
        assert_fits(schema, item)
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)), f"{name}: duplicate ids {ids}"


def test_model_fits_its_schema() -> None:
    schema = json.loads(MODEL_SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    problems = [error.message for error in Draft4Validator(schema).iter_errors(read("model.yaml"))]
    assert not problems, problems


def test_the_team_is_believable_and_consistent() -> None:
    users, groups, forms, model = (
        read("users.json"),
        read("groups.json"),
        read("forms.json"),
        read("model.yaml"),
    )
    group_ids = {g["id"] for g in groups}
    assert 8 <= len(users) <= 12, len(users)
    assert 3 <= len(groups) <= 4, len(groups)
    assert 5 <= len(forms) <= 6, len(forms)
    assert any(u["archived"] for u in users), "an archived user"
    assert any(f["nps"] for f in forms), "an NPS survey"
    assert any(not f["nps"] for f in forms), "a form that is not an NPS survey"
    assert any(f["archived"] for f in forms), "an archived form"
    for item in users + forms:
        assert set(item["groups"]) <= group_ids, item
    user_ids = {u["id"] for u in users}
    assert {int(k) for k in model["agents"]} <= user_ids
    nps_ids = {f["id"] for f in forms if f["nps"]}
    assert {int(k) for k in model["nps"]["forms"]} <= nps_ids
    spec_states = set(Spec.load().workflow_states())
    assert {s["name"] for s in model["workflow_states"]} == spec_states
    assert {s["name"] for s in model["workflow_states"] if s["closed"]} == {
        "closed",
        "duplicate",
        "irrelevant",
        "redirected",
        "no_response_required",
    }


def bad_copy(tmp_path: Path) -> Path:
    target = tmp_path / "fixtures"
    shutil.copytree(DEFAULT_FIXTURES, target)
    return target


def test_bad_fixture_set_lists_every_problem(tmp_path: Path) -> None:
    target = bad_copy(tmp_path)
    users = json.loads((target / "users.json").read_text())
    users[0]["email"] = 42  # not a string
    users[1]["groups"] = [999]  # no such group
    (target / "users.json").write_text(json.dumps(users))
    forms = json.loads((target / "forms.json").read_text())
    del forms[0]["nps"]
    (target / "forms.json").write_text(json.dumps(forms))
    (target / "groups.json").write_text("[{")  # not JSON
    with pytest.raises(FixtureError) as caught:
        load_team(Spec.load(), target)
    message = str(caught.value)
    assert str(target) in message
    assert "users.json[0]: email must be string" in message, message
    assert "forms.json[0]: it must contain" in message, message
    assert "groups.json: cannot be parsed" in message, message


def test_referential_problems_are_reported(tmp_path: Path) -> None:
    target = bad_copy(tmp_path)
    users = json.loads((target / "users.json").read_text())
    users[1]["groups"] = [999]
    (target / "users.json").write_text(json.dumps(users))
    model = yaml.safe_load((target / "model.yaml").read_text())
    model["agents"]["4242"] = {"weight": 1}
    model["nps"]["forms"]["70"] = {"sent_per_day": 3}  # form 70 is not an NPS survey
    model["workflow_states"] = model["workflow_states"][1:]
    (target / "model.yaml").write_text(yaml.safe_dump(model))
    with pytest.raises(FixtureError) as caught:
        create_app(fixtures=target)
    problems = caught.value.problems
    text = "\n".join(problems)
    assert any("group 999 is not in groups.json" in p for p in problems), text
    users[1]["groups"] = [123]
    (target / "users.json").write_text(json.dumps(users))
    with pytest.raises(FixtureError) as caught:
        create_app(fixtures=target)
    text = "\n".join(caught.value.problems)
    assert "agents.4242: no user with this id" in text, text
    assert "nps.forms.70: form 70 is not an NPS survey" in text, text
    assert "workflow_states must name each of the spec's states once" in text, text


def test_missing_files_and_directory(tmp_path: Path) -> None:
    with pytest.raises(FixtureError, match="not a directory"):
        load_team(Spec.load(), tmp_path / "nowhere")
    with pytest.raises(FixtureError) as caught:
        load_team(Spec.load(), tmp_path)
    assert sorted(caught.value.problems) == sorted(f"{n}: missing" for n in [*LISTS, "model.yaml"])


def test_a_users_own_fixture_set_is_served(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    target = bad_copy(tmp_path)
    groups = [{"id": 1, "name": "Only", "comment": "The only group"}]
    users = [
        {**u, "groups": [1]}
        for u in json.loads((target / "users.json").read_text())
        if u["id"] in (12345, 12346)
    ]
    forms = [
        {**f, "groups": [1]} for f in json.loads((target / "forms.json").read_text()) if f["id"] in (55, 70)
    ]
    model = yaml.safe_load((target / "model.yaml").read_text())
    model["agents"] = {"12345": {"weight": 2}}
    model["nps"]["forms"] = {}
    for name, data in (("groups.json", groups), ("users.json", users), ("forms.json", forms)):
        (target / name).write_text(json.dumps(data))
    (target / "model.yaml").write_text(yaml.safe_dump(model))
    app = create_app(fixtures=target, validate_responses=True)
    with TestClient(app) as client:
        assert client.get("/v1/groups", headers=AUTH).json() == groups
        rows = client.post(
            "/v1/activity/reports",
            headers=AUTH,
            json={
                "type": "user_volume",
                "date_from": "2024-03-01T00:00:00Z",
                "date_to": "2024-03-31T00:00:00Z",
            },
        ).json()
        assert {row["user_id"] for row in rows} == {12345, 12346}, rows


def test_every_problem_of_a_set_is_listed_in_one_start(tmp_path: Path) -> None:
    """Problems of single files and problems between files, all in one FixtureError."""
    target = bad_copy(tmp_path)
    users = json.loads((target / "users.json").read_text())
    users[0]["email"] = 42  # a schema problem: this user is left out...
    users[1]["groups"] = [999]  # an unknown group id
    (target / "users.json").write_text(json.dumps(users))
    forms = json.loads((target / "forms.json").read_text())
    forms[0]["groups"] = [998]  # another unknown group id
    (target / "forms.json").write_text(json.dumps(forms))
    model = yaml.safe_load((target / "model.yaml").read_text())
    model["agents"]["4242"] = {"weight": 1}  # an agent that is not a user
    model["agents"][str(users[0]["id"])] = {"weight": 2}  # ...but is still known: no second problem
    model["nps"]["forms"]["4343"] = {"sent_per_day": 3}  # an NPS form that is not a form
    (target / "model.yaml").write_text(yaml.safe_dump(model))
    with pytest.raises(FixtureError) as caught:
        create_app(fixtures=target)
    problems = caught.value.problems
    text = "\n".join(problems)
    assert "users.json[0]: email must be string" in text, text
    assert f"users.json: id {users[1]['id']}: group 999 is not in groups.json" in text, text
    assert f"forms.json: id {forms[0]['id']}: group 998 is not in groups.json" in text, text
    assert "model.yaml: agents.4242: no user with this id in users.json" in text, text
    assert "model.yaml: nps.forms.4343: no form with this id in forms.json" in text, text
    assert f"agents.{users[0]['id']}" not in text, text
    assert len(problems) == 5, text


def test_a_model_schema_problem_does_not_hide_the_lists_problems(tmp_path: Path) -> None:
    target = bad_copy(tmp_path)
    users = json.loads((target / "users.json").read_text())
    users[1]["groups"] = [999]
    (target / "users.json").write_text(json.dumps(users))
    model = yaml.safe_load((target / "model.yaml").read_text())
    model["messages"]["per_day"] = "many"
    (target / "model.yaml").write_text(yaml.safe_dump(model))
    with pytest.raises(FixtureError) as caught:
        create_app(fixtures=target)
    text = "\n".join(caught.value.problems)
    assert "group 999 is not in groups.json" in text, text
    assert "model.yaml: messages.per_day must be number" in text, text


def test_an_unreadable_list_raises_no_problems_about_references_to_it(tmp_path: Path) -> None:
    target = bad_copy(tmp_path)
    (target / "groups.json").write_text("[{")
    with pytest.raises(FixtureError) as caught:
        create_app(fixtures=target)
    assert caught.value.problems == [p for p in caught.value.problems if "groups.json: cannot be parsed" in p]
