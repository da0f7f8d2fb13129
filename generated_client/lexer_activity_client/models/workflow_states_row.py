from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WorkflowStatesRow")


@_attrs_define
class WorkflowStatesRow:
    """The total volume of messages in one workflow state.

    Attributes:
        state (str): The workflow state: `new`, `assigned`, `in_progress`, `responded`, `awaiting_approval`,
            `redirected`, `irrelevant`, `duplicate`, `closed` or `no_response_required`.
        volume (int): The count of messages in this state.
    """

    state: str
    volume: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state = self.state

        volume = self.volume

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "state": state,
                "volume": volume,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = d.pop("state")

        volume = d.pop("volume")

        workflow_states_row = cls(
            state=state,
            volume=volume,
        )

        workflow_states_row.additional_properties = d
        return workflow_states_row

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
