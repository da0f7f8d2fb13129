from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.response_volume_point import ResponseVolumePoint


T = TypeVar("T", bound="ResponseVolumeReport")


@_attrs_define
class ResponseVolumeReport:
    """Response Time (`response_volume`): the average response time of all messages handled by the team, in seconds, one
    point per day (per hour when the period is shorter than 4 days; see `ResponseVolumeRequest`).

        Attributes:
            avg_response_time (list[ResponseVolumePoint]): The series of average response times.
    """

    avg_response_time: list[ResponseVolumePoint]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        avg_response_time = []
        for avg_response_time_item_data in self.avg_response_time:
            avg_response_time_item = avg_response_time_item_data.to_dict()
            avg_response_time.append(avg_response_time_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "avg_response_time": avg_response_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.response_volume_point import ResponseVolumePoint  # noqa: PLC0415

        d = dict(src_dict)
        avg_response_time = []
        _avg_response_time = d.pop("avg_response_time")
        for avg_response_time_item_data in _avg_response_time:
            avg_response_time_item = ResponseVolumePoint.from_dict(avg_response_time_item_data)

            avg_response_time.append(avg_response_time_item)

        response_volume_report = cls(
            avg_response_time=avg_response_time,
        )

        response_volume_report.additional_properties = d
        return response_volume_report

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
