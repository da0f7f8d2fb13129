"""Report request models: the type is the model's own, and date-times must carry an offset.

Every request model of the spec (RunReportRequest's discriminator mapping) is built without ``type_`` and
gets its own type; another type cannot be built nor assigned. A naive datetime is a ``ValueError``, a
``date`` or a string a ``TypeError``, each naming the model and the field, when the model is built or the
field assigned: before anything can be sent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from tests.support.client_tools import model_class
from tests.support.spec_tools import report_types, request_example, request_schema_name

AEST = dt.timezone(dt.timedelta(hours=11))
START = dt.datetime(2018, 4, 1, tzinfo=AEST)
END = dt.datetime(2018, 4, 30, 23, 59, 59, tzinfo=AEST)


def _arguments(report_type: str) -> dict[str, Any]:
    """The spec's request example of ``report_type`` as constructor arguments, without ``type_``."""
    model = model_class(request_schema_name(report_type))
    example = model.from_dict(request_example(report_type))
    return {
        field.name: getattr(example, field.name)
        for field in attrs.fields(model)
        if field.name not in {"type_", "additional_properties"} and field.init
    }


@pytest.mark.parametrize("report_type", report_types())
def test_type_defaults_to_the_models_own(report_type: str) -> None:
    model = model_class(request_schema_name(report_type))
    body = model(**_arguments(report_type))
    assert body.type_ == report_type
    assert body.to_dict()["type"] == report_type


@pytest.mark.parametrize("report_type", report_types())
def test_another_type_cannot_be_built_or_assigned(report_type: str) -> None:
    model = model_class(request_schema_name(report_type))
    other = next(t for t in report_types() if t != report_type)
    with pytest.raises(ValueError, match=f"{model.__name__} is the '{report_type}' report") as caught:
        model(type_=other, **_arguments(report_type))
    assert repr(other) in str(caught.value)
    body = model(**_arguments(report_type))
    with pytest.raises(ValueError, match="type_"):
        body.type_ = other
    assert body.type_ == report_type
    # from_dict checks the wire value against the type's enum first (the generator's own check).
    with pytest.raises(TypeError, match=f"Unexpected value '{other}'"):
        model.from_dict({**request_example(report_type), "type": other})


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("report_type", report_types())
def test_a_naive_datetime_is_a_value_error_naming_the_field(report_type: str, field: str) -> None:
    model = model_class(request_schema_name(report_type))
    arguments = {**_arguments(report_type), field: dt.datetime(2018, 4, 1)}
    with pytest.raises(ValueError, match=rf"{model.__name__}\.{field} must carry a UTC offset") as caught:
        model(**arguments)
    assert "2018-04-01T00:00:00 has none" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (dt.date(2018, 4, 1), "not the date 2018-04-01"),
        ("2018-04-01T00:00:00+11:00", "not str '2018-04-01T00:00:00+11:00'"),
        (1522501200, "not int 1522501200"),
    ],
)
@pytest.mark.parametrize("field", ["date_from", "date_to"])
def test_a_date_or_string_is_a_type_error_naming_the_field(field: str, value: object, shown: str) -> None:
    model = model_class(request_schema_name("summary"))
    with pytest.raises(TypeError, match=rf"SummaryRequest\.{field} must be a datetime\.datetime") as caught:
        model(**{**_arguments("summary"), field: value})
    assert shown in str(caught.value)


def test_assignment_is_checked_too() -> None:
    body = model_class("SummaryRequest")(date_from=START, date_to=END)
    with pytest.raises(ValueError, match=r"SummaryRequest\.date_to must carry a UTC offset"):
        body.date_to = dt.datetime(2018, 4, 30)
    with pytest.raises(TypeError, match=r"SummaryRequest\.date_from must be a datetime\.datetime"):
        body.date_from = "2018-04-01"
    assert (body.date_from, body.date_to) == (START, END)


def test_a_naive_string_is_refused_by_from_dict() -> None:
    example = {**request_example("summary"), "date_from": "2018-04-01T00:00:00"}
    with pytest.raises(ValueError, match=r"SummaryRequest\.date_from must carry a UTC offset"):
        model_class("SummaryRequest").from_dict(example)


def test_any_offset_is_accepted_and_kept() -> None:
    utc = dt.datetime(2018, 4, 1, tzinfo=dt.UTC)
    body = model_class("SummaryRequest")(date_from=utc, date_to=END)
    assert body.to_dict()["date_from"] == "2018-04-01T00:00:00+00:00"
    assert body.to_dict()["date_to"] == "2018-04-30T23:59:59+11:00"
