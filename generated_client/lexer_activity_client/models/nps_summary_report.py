from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NpsSummaryReport")


@_attrs_define
class NpsSummaryReport:
    """NPS Summary (`nps_summary`). The same metrics as `NpsMetrics`, over the whole period.

    Attributes:
        total_sent (int): The count of surveys sent.
        total_received (int): The count of responses received.
        total_promoters (int): The count of responses scoring 9-10.
        total_passives (int): The count of responses scoring 7-8.
        total_detractors (int): The count of responses scoring below 7.
        nps_score (float): The NPS score (the documentation calls it the average NPS score): the percentage of promoters
            minus the percentage of detractors among the responses received, 0 when there are none.
    """

    total_sent: int
    total_received: int
    total_promoters: int
    total_passives: int
    total_detractors: int
    nps_score: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_sent = self.total_sent

        total_received = self.total_received

        total_promoters = self.total_promoters

        total_passives = self.total_passives

        total_detractors = self.total_detractors

        nps_score = self.nps_score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_sent": total_sent,
                "total_received": total_received,
                "total_promoters": total_promoters,
                "total_passives": total_passives,
                "total_detractors": total_detractors,
                "nps_score": nps_score,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total_sent = d.pop("total_sent")

        total_received = d.pop("total_received")

        total_promoters = d.pop("total_promoters")

        total_passives = d.pop("total_passives")

        total_detractors = d.pop("total_detractors")

        nps_score = d.pop("nps_score")

        nps_summary_report = cls(
            total_sent=total_sent,
            total_received=total_received,
            total_promoters=total_promoters,
            total_passives=total_passives,
            total_detractors=total_detractors,
            nps_score=nps_score,
        )

        nps_summary_report.additional_properties = d
        return nps_summary_report

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
