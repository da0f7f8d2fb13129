"""Checking the JSON of control requests (``/_mock/...``): every problem is a 400 in the Error
shape that names the field and what it must be, raised before anything is stored."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from mock_server.errors import ApiError

CONTROL_ERROR = "Invalid mock control request"  # the Error type of every refused control request


def refused(message: str) -> ApiError:
    return ApiError(400, CONTROL_ERROR, message)


def shown(value: Any, limit: int = 60) -> str:
    """A value as JSON, cut for a message."""
    try:
        text = orjson.dumps(value).decode()
    except TypeError:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def an_object(payload: Any, example: str, known: Iterable[str]) -> dict[str, Any]:
    """The payload as a JSON object with known fields only."""
    if not isinstance(payload, dict):
        raise refused(f"The body must be a JSON object such as {example}.")
    names = sorted(known)
    unknown = sorted(set(payload) - set(names))
    if unknown:
        raise refused(f"Unknown field(s) {shown(unknown, 200)}; known: {', '.join(names)}.")
    return payload


def whole_number(payload: Mapping[str, Any], name: str, low: int, high: int) -> int | None:
    value = payload.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise refused(f"{name} must be a whole number, not {shown(value)}.")
    if not low <= value <= high:
        raise refused(f"{name} must be between {low} and {high}, not {value}.")
    return value


def seconds(payload: Mapping[str, Any], name: str, low: float, high: float) -> float | None:
    value = payload.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise refused(f"{name} must be a number of seconds, not {shown(value)}.")
    if not low <= value <= high:
        raise refused(f"{name} must be between {low:g} and {high:g} seconds, not {value:g}.")
    return float(value)


def one_of(
    payload: Mapping[str, Any], name: str, choices: Iterable[str], required: bool = False
) -> str | None:
    value = payload.get(name)
    options = tuple(choices)
    if value is None and not required:
        return None
    if value not in options:
        raise refused(f"{name} must be one of {', '.join(options)}, not {shown(value)}.")
    return str(value)


def flag(payload: Mapping[str, Any], name: str) -> bool | None:
    value = payload.get(name)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise refused(f"{name} must be true or false, not {shown(value)}.")
    return value
