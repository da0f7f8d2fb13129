from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="UserStateCounts")


@_attrs_define
class UserStateCounts:
    """The count of messages owned by the agent in each workflow state.

    Attributes:
        all_states (int): The count of messages in any state (the sum of the ten states below).
        all_closed_states (int): The count of messages in a closed state. Inferred: the documentation does not say which
            states are closed; this contract takes `closed`, `duplicate`, `irrelevant`, `redirected` and
            `no_response_required`, which agrees with its examples.
        new (int): The count of messages in the `new` state.
        assigned (int): The count of messages in the `assigned` state.
        in_progress (int): The count of messages in the `in_progress` state.
        responded (int): The count of messages in the `responded` state.
        awaiting_approval (int): The count of messages in the `awaiting_approval` state.
        redirected (int): The count of messages in the `redirected` state.
        irrelevant (int): The count of messages in the `irrelevant` state.
        duplicate (int): The count of messages in the `duplicate` state.
        closed (int): The count of messages in the `closed` state.
        no_response_required (int): The count of messages in the `no_response_required` state.
    """

    all_states: int
    all_closed_states: int
    new: int
    assigned: int
    in_progress: int
    responded: int
    awaiting_approval: int
    redirected: int
    irrelevant: int
    duplicate: int
    closed: int
    no_response_required: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        all_states = self.all_states

        all_closed_states = self.all_closed_states

        new = self.new

        assigned = self.assigned

        in_progress = self.in_progress

        responded = self.responded

        awaiting_approval = self.awaiting_approval

        redirected = self.redirected

        irrelevant = self.irrelevant

        duplicate = self.duplicate

        closed = self.closed

        no_response_required = self.no_response_required

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "all_states": all_states,
                "all_closed_states": all_closed_states,
                "new": new,
                "assigned": assigned,
                "in_progress": in_progress,
                "responded": responded,
                "awaiting_approval": awaiting_approval,
                "redirected": redirected,
                "irrelevant": irrelevant,
                "duplicate": duplicate,
                "closed": closed,
                "no_response_required": no_response_required,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        all_states = d.pop("all_states")

        all_closed_states = d.pop("all_closed_states")

        new = d.pop("new")

        assigned = d.pop("assigned")

        in_progress = d.pop("in_progress")

        responded = d.pop("responded")

        awaiting_approval = d.pop("awaiting_approval")

        redirected = d.pop("redirected")

        irrelevant = d.pop("irrelevant")

        duplicate = d.pop("duplicate")

        closed = d.pop("closed")

        no_response_required = d.pop("no_response_required")

        user_state_counts = cls(
            all_states=all_states,
            all_closed_states=all_closed_states,
            new=new,
            assigned=assigned,
            in_progress=in_progress,
            responded=responded,
            awaiting_approval=awaiting_approval,
            redirected=redirected,
            irrelevant=irrelevant,
            duplicate=duplicate,
            closed=closed,
            no_response_required=no_response_required,
        )

        user_state_counts.additional_properties = d
        return user_state_counts

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
