from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CaseSummaryReport")


@_attrs_define
class CaseSummaryReport:
    """Case Summary (`case_summary`). `median_first_reply_time` and `median_resolution_time` are optional: Lexer's export
    draft prints a Case Summary example without them.

        Attributes:
            total_cases (int): The count of cases closed in the period.
            first_reply_time (float): Average time to the first reply of a case, in seconds.
            resolution_time (float): Average resolution time of a case, in seconds.
            agent_interactions (float): Average number of agent replies per case.
            agents_involved (float): Average number of agents responding per case.
            median_first_reply_time (float | Unset): Median time to the first reply of a case, in seconds.
            median_resolution_time (float | Unset): Median resolution time of a case, in seconds.
    """

    total_cases: int
    first_reply_time: float
    resolution_time: float
    agent_interactions: float
    agents_involved: float
    median_first_reply_time: float | Unset = UNSET
    median_resolution_time: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_cases = self.total_cases

        first_reply_time = self.first_reply_time

        resolution_time = self.resolution_time

        agent_interactions = self.agent_interactions

        agents_involved = self.agents_involved

        median_first_reply_time = self.median_first_reply_time

        median_resolution_time = self.median_resolution_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_cases": total_cases,
                "first_reply_time": first_reply_time,
                "resolution_time": resolution_time,
                "agent_interactions": agent_interactions,
                "agents_involved": agents_involved,
            }
        )
        if median_first_reply_time is not UNSET:
            field_dict["median_first_reply_time"] = median_first_reply_time
        if median_resolution_time is not UNSET:
            field_dict["median_resolution_time"] = median_resolution_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total_cases = d.pop("total_cases")

        first_reply_time = d.pop("first_reply_time")

        resolution_time = d.pop("resolution_time")

        agent_interactions = d.pop("agent_interactions")

        agents_involved = d.pop("agents_involved")

        median_first_reply_time = d.pop("median_first_reply_time", UNSET)

        median_resolution_time = d.pop("median_resolution_time", UNSET)

        case_summary_report = cls(
            total_cases=total_cases,
            first_reply_time=first_reply_time,
            resolution_time=resolution_time,
            agent_interactions=agent_interactions,
            agents_involved=agents_involved,
            median_first_reply_time=median_first_reply_time,
            median_resolution_time=median_resolution_time,
        )

        case_summary_report.additional_properties = d
        return case_summary_report

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
