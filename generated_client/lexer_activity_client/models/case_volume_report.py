from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.case_volume_point import CaseVolumePoint


T = TypeVar("T", bound="CaseVolumeReport")


@_attrs_define
class CaseVolumeReport:
    """Case Volume (`case_volume`): the count of open cases, one point per day, whatever the length of the period (the
    documentation states no hourly rule for it).

        Attributes:
            open_ (list[CaseVolumePoint]): The series of open case counts.
    """

    open_: list[CaseVolumePoint]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        open_ = []
        for open_item_data in self.open_:
            open_item = open_item_data.to_dict()
            open_.append(open_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "open": open_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.case_volume_point import CaseVolumePoint  # noqa: PLC0415

        d = dict(src_dict)
        open_ = []
        _open_ = d.pop("open")
        for open_item_data in _open_:
            open_item = CaseVolumePoint.from_dict(open_item_data)

            open_.append(open_item)

        case_volume_report = cls(
            open_=open_,
        )

        case_volume_report.additional_properties = d
        return case_volume_report

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
