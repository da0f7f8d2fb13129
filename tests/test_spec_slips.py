"""openapi.yaml against the source documents, one resolved slip or choice at a time.

Each test holds one decision that the spec's list of resolved slips (``info.description``) states."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spec_tools import SPEC_PATH, load_spec

SPEC = load_spec()
SPEC_TEXT = SPEC_PATH.read_text(encoding="utf-8")
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
SLIPS = SPEC["info"]["description"].split("## Where this contract resolves slips", 1)[1]

# Fields the documents print with fractions (or, for gmtoffset, whose values can be fractional).
FRACTIONAL_NAMES = frozenset(
    {
        "gmtoffset",
        "nps_score",
        "agent_interactions",
        "agents_involved",
        "first_reply_time",
        "resolution_time",
        "median_first_reply_time",
        "median_resolution_time",
    }
)


def number_fields(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema of type number or integer in ``node``, with its JSON pointer."""
    if isinstance(node, dict):
        if node.get("type") in ("number", "integer"):
            yield where, node
        for key, value in node.items():
            yield from number_fields(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from number_fields(value, f"{where}/{index}")


def field_name(where: str) -> str:
    parts = where.split("/")
    return parts[-2] if parts[-1] == "items" else parts[-1]


def is_fractional(where: str) -> bool:
    name = field_name(where)
    return (
        name in FRACTIONAL_NAMES
        or "response_time" in name
        or name.startswith("fraction_")
        or where.endswith("/ResponseVolumePoint/properties/value")
    )


def test_every_fractional_figure_is_a_double_and_every_count_an_integer() -> None:
    fields = list(number_fields(SPEC["components"]))
    # 33 written in openapi.yaml; NPS Summary's nps_score is shared with the NPS Volume rows by a YAML anchor.
    assert SPEC_TEXT.count("type: number") == 33
    assert sum(schema["type"] == "number" for _, schema in fields) == 34
    for where, schema in fields:
        if is_fractional(where):
            assert schema == {**schema, "type": "number", "format": "double"}, where
        else:
            assert schema["type"] == "integer", where


def test_number_types_are_a_listed_choice() -> None:
    assert "**Number types.**" in SLIPS
    for name in ("gmtoffset", "agent_interactions", "nps_score", "format: double"):
        assert name in SLIPS, name
