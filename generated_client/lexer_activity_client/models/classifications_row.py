from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ClassificationsRow")


@_attrs_define
class ClassificationsRow:
    """The count of messages with one classification in one workflow state.

    Attributes:
        classification_id (int): The unique id of the classification.
        classification (str): The name of the classification.
        state (str): The workflow state (`new`, `assigned`, `in_progress`, `responded`, `awaiting_approval`,
            `redirected`, `irrelevant`, `duplicate`, `closed`, `no_response_required`), or `all_states` for the total of the
            classification.
        volume (int): The count of messages with this classification in this state.
    """

    classification_id: int
    classification: str
    state: str
    volume: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        classification_id = self.classification_id

        classification = self.classification

        state = self.state

        volume = self.volume

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "classification_id": classification_id,
                "classification": classification,
                "state": state,
                "volume": volume,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        classification_id = d.pop("classification_id")

        classification = d.pop("classification")

        state = d.pop("state")

        volume = d.pop("volume")

        classifications_row = cls(
            classification_id=classification_id,
            classification=classification,
            state=state,
            volume=volume,
        )

        classifications_row.additional_properties = d
        return classifications_row

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
