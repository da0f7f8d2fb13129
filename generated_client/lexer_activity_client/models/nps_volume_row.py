from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.nps_metrics import NpsMetrics


T = TypeVar("T", bound="NpsVolumeRow")


@_attrs_define
class NpsVolumeRow:
    """The NPS metrics of one day.

    Attributes:
        date (datetime.datetime): The end of the day this row covers (the next midnight in the UTC offset of
            `date_from`), given in UTC (offset `+00:00`), as the documentation's example shows: for the period from
            2018-04-01T00:00:00+11:00 the first row is `2018-04-01T13:00:00+00:00`.
        timestamp (int): The same instant as `date`, in seconds since the Unix epoch (1522587600 for
            `2018-04-01T13:00:00+00:00`).
        data (NpsMetrics): The NPS metrics of a survey over one day of the NPS Volume report (the fields of
            `NpsSummaryReport`).
    """

    date: datetime.datetime
    timestamp: int
    data: NpsMetrics
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        timestamp = self.timestamp

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "timestamp": timestamp,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.nps_metrics import NpsMetrics  # noqa: PLC0415

        d = dict(src_dict)
        date = datetime.datetime.fromisoformat(d.pop("date"))

        timestamp = d.pop("timestamp")

        data = NpsMetrics.from_dict(d.pop("data"))

        nps_volume_row = cls(
            date=date,
            timestamp=timestamp,
            data=data,
        )

        nps_volume_row.additional_properties = d
        return nps_volume_row

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
