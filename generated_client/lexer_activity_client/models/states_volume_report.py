from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.states_volume_point import StatesVolumePoint


T = TypeVar("T", bound="StatesVolumeReport")


@_attrs_define
class StatesVolumeReport:
    """States Volume (`states_volume`): a map from workflow state name (for example `closed`) to the series of that state,
    one point per day (per hour when the period is shorter than 4 days). Most messages end up in the `closed` state, so
    its series is a good measure of total volume over time.

    """

    additional_properties: dict[str, list[StatesVolumePoint]] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = []
            for additional_property_item_data in prop:
                additional_property_item = additional_property_item_data.to_dict()
                field_dict[prop_name].append(additional_property_item)

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.states_volume_point import StatesVolumePoint  # noqa: PLC0415

        d = dict(src_dict)
        states_volume_report = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = []
            _additional_property = prop_dict
            for additional_property_item_data in _additional_property:
                additional_property_item = StatesVolumePoint.from_dict(additional_property_item_data)

                additional_property.append(additional_property_item)

            additional_properties[prop_name] = additional_property

        states_volume_report.additional_properties = additional_properties
        return states_volume_report

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> list[StatesVolumePoint]:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: list[StatesVolumePoint]) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
