"""Checks the report request models run before anything is sent (attrs validators).

Generated from the OpenAPI document by scripts/generate_client.py (``make client``); do not edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import attrs

from .types import Unset

__all__ = ["offset_date_time", "own_type"]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def own_type(expected: str) -> Validator:
    """A validator of ``type_``: the model's own report type and no other."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value != expected:
            raise ValueError(
                f"{type(instance).__name__} is the {expected!r} report, so its {attribute.name} is "
                f"{expected!r}, not {value!r} (leave {attribute.name} out: it defaults to {expected!r})"
            )

    return check


def offset_date_time(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A validator of a date-time field: a ``datetime.datetime`` that carries a UTC offset."""
    if isinstance(value, Unset):
        return
    where = f"{type(instance).__name__}.{attribute.name}"
    if isinstance(value, datetime.datetime):
        if value.utcoffset() is None:
            raise ValueError(
                f"{where} must carry a UTC offset, and {value.isoformat()} has none: give it a tzinfo, "
                'for example datetime(2018, 4, 1, tzinfo=ZoneInfo("Australia/Sydney"))'
            )
        return
    if isinstance(value, datetime.date):
        raise TypeError(
            f"{where} must be a datetime.datetime with a UTC offset, not the date {value.isoformat()}: "
            "for example datetime.combine(day, time(), tzinfo=...)"
        )
    hint = " (parse it with datetime.fromisoformat() and give it an offset)" if isinstance(value, str) else ""
    raise TypeError(
        f"{where} must be a datetime.datetime with a UTC offset, not {type(value).__name__} {value!r}{hint}"
    )
