"""The team the mock pretends to be: users, groups and forms as the API serves them, plus the
parameters of its synthetic history (``model.yaml``).

A fixture directory holds ``users.json``, ``groups.json``, ``forms.json`` and ``model.yaml``.
The default set lives in ``mock_server/fixtures/``; ``--fixtures DIR`` loads another one. Either
way everything is checked at start-up: the three lists against the spec's User, Group and Form
schemas, the model against ``model.schema.json``, and the references between them (group ids of
users and forms, agent and NPS-form ids of the model, the workflow state names of the spec).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from mock_server.loading import LoadError, load_json, load_yaml
from mock_server.schemas import SchemaError, check, compile_component, compile_schema
from mock_server.spec import Spec

DEFAULT_FIXTURES = Path(__file__).resolve().parent / "fixtures"
MODEL_SCHEMA = Path(__file__).resolve().parent / "model.schema.json"
LIST_FILES = {"users.json": "User", "groups.json": "Group", "forms.json": "Form"}
MODEL_FILE = "model.yaml"
DAY = 86400


class FixtureError(Exception):
    """The fixture set is unusable; the message lists every problem found."""

    def __init__(self, directory: Path, problems: list[str]):
        self.directory = directory
        self.problems = problems
        listing = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"invalid fixtures in {directory}:\n{listing}")


def day_number(value: date) -> int:
    """Days since 1970-01-01: the index of a local day of the history."""
    return (value - date(1970, 1, 1)).days


def parse_offset(text: str) -> int:
    """``+10:00`` -> 36000 seconds."""
    sign = -1 if text.startswith("-") else 1
    hours, minutes = text[1:].split(":")
    return sign * (int(hours) * 3600 + int(minutes) * 60)


@dataclass(frozen=True)
class LogNormal:
    median: float
    sigma: float


@dataclass(frozen=True)
class StateParams:
    name: str
    share: float
    assigned: bool
    replied: float
    closed: bool


@dataclass(frozen=True)
class Classification:
    id: int
    name: str
    weight: float


@dataclass(frozen=True)
class Agent:
    id: int
    weight: float
    first_day: int  # first local day (day number) on which the agent takes messages
    last_day: int | None  # last such day; None = to the end of the history


@dataclass(frozen=True)
class NpsParams:
    sent_per_day: float
    response_share: float
    promoters: float
    passives: float
    detractors: float
    response_delay: LogNormal
    first_day: int
    last_day: int | None


@dataclass(frozen=True)
class Model:
    seed: int
    first_day: int
    last_day: int
    utc_offset: int  # seconds east of UTC of the team's local days
    per_day: float
    yearly_growth: float
    weekday_weights: tuple[float, ...]
    hourly_weights: tuple[float, ...]
    channels: tuple[tuple[str, float], ...]
    accounts: dict[str, str]  # channel -> the brand account its messages mention
    private_reply_share: float
    classification_counts: tuple[float, ...]
    pickup_wait: LogNormal
    handling_time: LogNormal
    max_response_seconds: float
    sla_seconds: float
    action_sla_seconds: float
    states: tuple[StateParams, ...]
    classifications: tuple[Classification, ...]
    agents: tuple[Agent, ...]
    extra_replies_mean: float
    reply_gap: LogNormal
    second_agent_share: float
    inactivity_close_seconds: float
    nps: dict[int, NpsParams]  # per NPS form id
    comments: dict[str, tuple[str, ...]]

    @property
    def closed_states(self) -> frozenset[str]:
        return frozenset(state.name for state in self.states if state.closed)


@dataclass
class Team:
    users: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    forms: list[dict[str, Any]]
    model: Model
    directory: Path
    users_by_id: dict[int, dict[str, Any]] = field(init=False)
    groups_by_id: dict[int, dict[str, Any]] = field(init=False)
    forms_by_id: dict[int, dict[str, Any]] = field(init=False)
    classification_names: dict[int, str] = field(init=False)

    def __post_init__(self) -> None:
        self.users_by_id = {user["id"]: user for user in self.users}
        self.groups_by_id = {group["id"]: group for group in self.groups}
        self.forms_by_id = {form["id"]: form for form in self.forms}
        self.classification_names = {c.id: c.name for c in self.model.classifications}

    def members(self, group_ids: Iterable[int]) -> set[int]:
        wanted = set(group_ids)
        return {user["id"] for user in self.users if wanted.intersection(user["groups"])}

    def full_name(self, user_id: int) -> str:
        user = self.users_by_id[user_id]
        return f"{user['first_name']} {user['last_name']}"


def _read(directory: Path, name: str, problems: list[str]) -> Any:
    path = directory / name
    if not path.is_file():
        problems.append(f"{name}: missing")
        return None
    try:
        return load_json(path) if name.endswith(".json") else load_yaml(path)
    except (LoadError, OSError) as exc:  # over a loading limit, not JSON / YAML, unreadable
        problems.append(f"{name}: cannot be parsed: {exc}")
    return None


def _check_list(
    name: str, data: Any, validator: Any, problems: list[str], rejected: set[int]
) -> list[dict[str, Any]]:
    """The valid items; the ids of the invalid ones go to ``rejected`` (references to them are not
    problems of their own: the item's problem is already listed)."""
    if not isinstance(data, list):
        problems.append(f"{name}: must be a JSON array of objects")
        return []
    good: list[dict[str, Any]] = []
    seen: set[int] = set()
    for index, item in enumerate(data):
        try:
            check(validator, item, f"{name}[{index}]")
        except SchemaError as exc:
            problems.append(str(exc))
            if isinstance(item, dict) and isinstance(item.get("id"), int):
                rejected.add(item["id"])
            continue
        if item["id"] in seen:
            problems.append(f"{name}[{index}]: duplicate id {item['id']}")
            continue
        seen.add(item["id"])
        good.append(item)
    return good


def _date(text: str, where: str, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"{MODEL_FILE}: {where}: {text!r} is not a calendar date")
        return None


def _lognormal(data: dict[str, Any]) -> LogNormal:
    return LogNormal(float(data["median_seconds"]), float(data["sigma"]))


def _instant_day(text: str, offset: int) -> int:
    """The local day number of an API date-time string."""
    moment = datetime.fromisoformat(text.upper())
    return int(moment.timestamp() + offset) // DAY


def _build_model(
    raw: dict[str, Any],
    spec: Spec,
    users: list[dict[str, Any]],
    forms: list[dict[str, Any]],
    problems: list[str],
    rejected: dict[str, set[int]],
) -> Model | None:
    before = len(problems)
    history = raw["history"]
    start = _date(history["start"], "history.start", problems)
    end = _date(history["end"], "history.end", problems)
    if start and end and start > end:
        problems.append(f"{MODEL_FILE}: history.start is after history.end")
    offset = parse_offset(history["utc_offset"])

    names = [state["name"] for state in raw["workflow_states"]]
    expected = spec.workflow_states()
    if sorted(names) != sorted(expected) or len(set(names)) != len(names):
        problems.append(
            f"{MODEL_FILE}: workflow_states must name each of the spec's states once: {', '.join(expected)}"
        )
    if sum(state["share"] for state in raw["workflow_states"]) <= 0:
        problems.append(f"{MODEL_FILE}: workflow_states shares must not all be 0")
    messages = raw["messages"]
    for key in ("weekday_weights", "hourly_weights", "classification_counts"):
        if sum(messages[key]) <= 0:
            problems.append(f"{MODEL_FILE}: messages.{key} must not all be 0")
    if sum(messages["channels"].values()) <= 0:
        problems.append(f"{MODEL_FILE}: messages.channels weights must not all be 0")

    class_ids = [c["id"] for c in raw["classifications"]]
    if len(set(class_ids)) != len(class_ids):
        problems.append(f"{MODEL_FILE}: classification ids must be unique")

    users_by_id = {user["id"]: user for user in users}
    agent_params: dict[str, Any] = raw.get("agents", {})
    for key in agent_params:
        known = key.lstrip("-").isdigit() and (int(key) in users_by_id or int(key) in rejected["users.json"])
        if not known:
            problems.append(f"{MODEL_FILE}: agents.{key}: no user with this id in users.json")
    agents: list[Agent] = []
    first_day = day_number(start) if start else 0
    for user in users:
        params = agent_params.get(str(user["id"]), {})
        since = _date(params["since"], f"agents.{user['id']}.since", problems) if "since" in params else None
        # Archived users stopped working when they last signed in.
        last = _instant_day(user["last_sign_in_at"], offset) if user["archived"] else None
        agents.append(
            Agent(
                user["id"], float(params.get("weight", 1.0)), day_number(since) if since else first_day, last
            )
        )

    forms_by_id = {form["id"]: form for form in forms}
    nps_raw = raw["nps"]
    for key in nps_raw.get("forms", {}):
        form = forms_by_id.get(int(key)) if key.lstrip("-").isdigit() else None
        if form is None and key.lstrip("-").isdigit() and int(key) in rejected["forms.json"]:
            continue
        if form is None:
            problems.append(f"{MODEL_FILE}: nps.forms.{key}: no form with this id in forms.json")
        elif not form["nps"]:
            problems.append(f"{MODEL_FILE}: nps.forms.{key}: form {key} is not an NPS survey (nps: false)")
    nps: dict[int, NpsParams] = {}
    for form in forms:
        if not form["nps"]:
            continue
        own = nps_raw.get("forms", {}).get(str(form["id"]), {})
        params = {**nps_raw["default"], **own}
        params.pop("until", None)
        until = _date(own["until"], f"nps.forms.{form['id']}.until", problems) if "until" in own else None
        categories = params["categories"]
        if sum(categories.values()) <= 0:
            problems.append(f"{MODEL_FILE}: NPS categories of form {form['id']} must not all be 0")
        nps[form["id"]] = NpsParams(
            sent_per_day=float(params["sent_per_day"]),
            response_share=float(params["response_share"]),
            promoters=float(categories["promoters"]),
            passives=float(categories["passives"]),
            detractors=float(categories["detractors"]),
            response_delay=_lognormal(params["response_delay"]),
            first_day=_instant_day(form["created_at"], offset),
            last_day=day_number(until) if until else None,
        )
    if len(problems) > before or start is None or end is None:
        return None
    cases = raw["cases"]
    comments = {key: tuple(value) for key, value in nps_raw.get("comments", {}).items()}
    return Model(
        seed=int(raw["seed"]),
        first_day=day_number(start),
        last_day=day_number(end),
        utc_offset=offset,
        per_day=float(messages["per_day"]),
        yearly_growth=float(messages["yearly_growth"]),
        weekday_weights=tuple(map(float, messages["weekday_weights"])),
        hourly_weights=tuple(map(float, messages["hourly_weights"])),
        channels=tuple((str(k), float(v)) for k, v in messages["channels"].items()),
        accounts={str(k): str(v) for k, v in messages.get("accounts", {}).items()},
        private_reply_share=float(messages["private_reply_share"]),
        classification_counts=tuple(map(float, messages["classification_counts"])),
        pickup_wait=_lognormal(messages["pickup_wait"]),
        handling_time=_lognormal(messages["handling_time"]),
        max_response_seconds=float(messages["max_response_seconds"]),
        sla_seconds=float(messages["sla_seconds"]),
        action_sla_seconds=float(messages["action_sla_seconds"]),
        states=tuple(
            StateParams(
                s["name"], float(s["share"]), bool(s["assigned"]), float(s["replied"]), bool(s["closed"])
            )
            for s in raw["workflow_states"]
        ),
        classifications=tuple(
            Classification(int(c["id"]), str(c["name"]), float(c["weight"])) for c in raw["classifications"]
        ),
        agents=tuple(agents),
        extra_replies_mean=float(cases["extra_replies_mean"]),
        reply_gap=_lognormal(cases["reply_gap"]),
        second_agent_share=float(cases["second_agent_share"]),
        inactivity_close_seconds=float(cases["inactivity_close_seconds"]),
        nps=nps,
        comments=comments,
    )


def load_team(spec: Spec, directory: str | Path | None = None) -> Team:
    """Loads and checks a fixture set; raises :class:`FixtureError` listing every problem: of each
    file, between files (checked on whatever the files that could be read hold) and of its cost
    (mock_server/model_cost.py), all in one go."""
    from mock_server.model_cost import cost_problems  # it imports history, which imports this module

    root = Path(directory) if directory is not None else DEFAULT_FIXTURES
    if not root.is_dir():
        raise FixtureError(root, ["not a directory"])
    problems: list[str] = []
    lists: dict[str, list[dict[str, Any]]] = {}
    rejected: dict[str, set[int]] = {name: set() for name in LIST_FILES}
    for name, schema_name in LIST_FILES.items():
        data = _read(root, name, problems)
        if data is not None:
            validator = compile_component(spec, schema_name)
            lists[name] = _check_list(name, data, validator, problems, rejected[name])
    raw_model = _read(root, MODEL_FILE, problems)
    if raw_model is not None:
        with MODEL_SCHEMA.open("rb") as handle:
            model_validator = compile_schema(json.load(handle))
        try:
            check(model_validator, raw_model, MODEL_FILE)
        except SchemaError as exc:
            problems.append(str(exc))
            raw_model = None

    # References between files, checked only against files that could be read (a file that could
    # not be read is one problem, not one per reference to it).
    if "groups.json" in lists:
        group_ids = {group["id"] for group in lists["groups.json"]} | rejected["groups.json"]
        for kind in ("users.json", "forms.json"):
            for item in lists.get(kind, ()):
                for group_id in item["groups"]:
                    if group_id not in group_ids:
                        problems.append(f"{kind}: id {item['id']}: group {group_id} is not in groups.json")
    model = None
    if raw_model is not None and "users.json" in lists and "forms.json" in lists:
        model = _build_model(raw_model, spec, lists["users.json"], lists["forms.json"], problems, rejected)
        if model is not None:
            problems.extend(cost_problems(model, lists))
    if problems or model is None:
        raise FixtureError(root, problems or ["model.yaml is inconsistent"])
    users, groups, forms = lists["users.json"], lists["groups.json"], lists["forms.json"]
    return Team(users=users, groups=groups, forms=forms, model=model, directory=root)
