from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.user_state_counts import UserStateCounts


T = TypeVar("T", bound="UserVolumeRow")


@_attrs_define
class UserVolumeRow:
    """The messages currently assigned to one agent, by workflow state.

    Attributes:
        user_id (int): The unique id of the agent (the `id` of the user), as an integer. The Team Volume report
            documents an integer here while the Team Summary report documents a string; both are kept as documented.
        first_name (str): The first name of the agent.
        last_name (str): The last name of the agent.
        states (UserStateCounts): The count of messages owned by the agent in each workflow state.
    """

    user_id: int
    first_name: str
    last_name: str
    states: UserStateCounts
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        first_name = self.first_name

        last_name = self.last_name

        states = self.states.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "first_name": first_name,
                "last_name": last_name,
                "states": states,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_state_counts import UserStateCounts  # noqa: PLC0415

        d = dict(src_dict)
        user_id = d.pop("user_id")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        states = UserStateCounts.from_dict(d.pop("states"))

        user_volume_row = cls(
            user_id=user_id,
            first_name=first_name,
            last_name=last_name,
            states=states,
        )

        user_volume_row.additional_properties = d
        return user_volume_row

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
