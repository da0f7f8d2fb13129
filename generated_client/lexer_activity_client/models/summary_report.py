from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SummaryReport")


@_attrs_define
class SummaryReport:
    """Summary Metrics (`summary`). Response time is the customer's wait time, from the customer's message to the team's
    response; action response time is the agent's response time, from assignment to response. The four `median_*` fields
    are optional: the earlier draft's example has none of them.

        Attributes:
            total_volume (int): Total count of messages handled.
            total_responded_to (int): Count of messages responded to.
            broke_sla (int): Count of messages that exceeded the customer SLA time.
            broke_action_sla (int): Count of messages that exceeded the agent handle SLA time.
            min_response_time (float): Minimum customer wait time, in seconds.
            max_response_time (float): Maximum customer wait time, in seconds.
            min_action_response_time (float): Minimum agent response time, in seconds.
            max_action_response_time (float): Maximum agent response time, in seconds.
            avg_response_time (float): Average customer wait time, in seconds.
            avg_action_response_time (float): Average agent response time, in seconds.
            avg_response_time_min (float): Average customer wait time, in minutes.
            avg_action_response_time_min (float): Average agent response time, in minutes.
            median_response_time (float | Unset): Median customer wait time, in seconds.
            median_response_time_min (float | Unset): Median customer wait time, in minutes.
            median_action_response_time (float | Unset): Median agent response time, in seconds.
            median_action_response_time_min (float | Unset): Median agent response time, in minutes.
    """

    total_volume: int
    total_responded_to: int
    broke_sla: int
    broke_action_sla: int
    min_response_time: float
    max_response_time: float
    min_action_response_time: float
    max_action_response_time: float
    avg_response_time: float
    avg_action_response_time: float
    avg_response_time_min: float
    avg_action_response_time_min: float
    median_response_time: float | Unset = UNSET
    median_response_time_min: float | Unset = UNSET
    median_action_response_time: float | Unset = UNSET
    median_action_response_time_min: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_volume = self.total_volume

        total_responded_to = self.total_responded_to

        broke_sla = self.broke_sla

        broke_action_sla = self.broke_action_sla

        min_response_time = self.min_response_time

        max_response_time = self.max_response_time

        min_action_response_time = self.min_action_response_time

        max_action_response_time = self.max_action_response_time

        avg_response_time = self.avg_response_time

        avg_action_response_time = self.avg_action_response_time

        avg_response_time_min = self.avg_response_time_min

        avg_action_response_time_min = self.avg_action_response_time_min

        median_response_time = self.median_response_time

        median_response_time_min = self.median_response_time_min

        median_action_response_time = self.median_action_response_time

        median_action_response_time_min = self.median_action_response_time_min

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_volume": total_volume,
                "total_responded_to": total_responded_to,
                "broke_sla": broke_sla,
                "broke_action_sla": broke_action_sla,
                "min_response_time": min_response_time,
                "max_response_time": max_response_time,
                "min_action_response_time": min_action_response_time,
                "max_action_response_time": max_action_response_time,
                "avg_response_time": avg_response_time,
                "avg_action_response_time": avg_action_response_time,
                "avg_response_time_min": avg_response_time_min,
                "avg_action_response_time_min": avg_action_response_time_min,
            }
        )
        if median_response_time is not UNSET:
            field_dict["median_response_time"] = median_response_time
        if median_response_time_min is not UNSET:
            field_dict["median_response_time_min"] = median_response_time_min
        if median_action_response_time is not UNSET:
            field_dict["median_action_response_time"] = median_action_response_time
        if median_action_response_time_min is not UNSET:
            field_dict["median_action_response_time_min"] = median_action_response_time_min

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total_volume = d.pop("total_volume")

        total_responded_to = d.pop("total_responded_to")

        broke_sla = d.pop("broke_sla")

        broke_action_sla = d.pop("broke_action_sla")

        min_response_time = d.pop("min_response_time")

        max_response_time = d.pop("max_response_time")

        min_action_response_time = d.pop("min_action_response_time")

        max_action_response_time = d.pop("max_action_response_time")

        avg_response_time = d.pop("avg_response_time")

        avg_action_response_time = d.pop("avg_action_response_time")

        avg_response_time_min = d.pop("avg_response_time_min")

        avg_action_response_time_min = d.pop("avg_action_response_time_min")

        median_response_time = d.pop("median_response_time", UNSET)

        median_response_time_min = d.pop("median_response_time_min", UNSET)

        median_action_response_time = d.pop("median_action_response_time", UNSET)

        median_action_response_time_min = d.pop("median_action_response_time_min", UNSET)

        summary_report = cls(
            total_volume=total_volume,
            total_responded_to=total_responded_to,
            broke_sla=broke_sla,
            broke_action_sla=broke_action_sla,
            min_response_time=min_response_time,
            max_response_time=max_response_time,
            min_action_response_time=min_action_response_time,
            max_action_response_time=max_action_response_time,
            avg_response_time=avg_response_time,
            avg_action_response_time=avg_action_response_time,
            avg_response_time_min=avg_response_time_min,
            avg_action_response_time_min=avg_action_response_time_min,
            median_response_time=median_response_time,
            median_response_time_min=median_response_time_min,
            median_action_response_time=median_action_response_time,
            median_action_response_time_min=median_action_response_time_min,
        )

        summary_report.additional_properties = d
        return summary_report

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
