from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.date_range import DateRange


T = TypeVar("T", bound="ResponseVolumePoint")


@_attrs_define
class ResponseVolumePoint:
    """The average response time during one period.

    Attributes:
        value (float): The average customer wait time during this period, in seconds. The documentation's table says
            minutes, but its example values are of the size of the second-based averages of the Summary report; this
            contract chooses seconds (see the resolved slips).
        date_range (DateRange): The period of a time-series point, named by its start as `YYYY-MM-DD HH:MM` (no seconds,
            no UTC offset). Periods are days, or hours when the report's period is shorter than 4 days.
    """

    value: float
    date_range: DateRange
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        date_range = self.date_range.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
                "date_range": date_range,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.date_range import DateRange  # noqa: PLC0415

        d = dict(src_dict)
        value = d.pop("value")

        date_range = DateRange.from_dict(d.pop("date_range"))

        response_volume_point = cls(
            value=value,
            date_range=date_range,
        )

        response_volume_point.additional_properties = d
        return response_volume_point

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
