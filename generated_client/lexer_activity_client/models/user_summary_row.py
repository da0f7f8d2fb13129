from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="UserSummaryRow")


@_attrs_define
class UserSummaryRow:
    """The performance metrics of one agent. Response time is the customer's wait time, from the customer's message to the
    response; action response time is the agent's response time, from assignment to response.

        Attributes:
            first_name (str): The first name of the agent.
            last_name (str): The last name of the agent.
            mentions_assigned (int): The count of messages assigned to the agent.
            user_id (str): The unique id of the agent (the `id` of the user), as a string. The Team Summary report documents
                a string here while the Team Volume report documents an integer; both are kept as documented.
            responded_to (int): The count of messages responded to.
            responded_to_in_private (int): The count of messages responded to in a private message.
            avg_response_time (float): Average customer wait time, in seconds.
            min_response_time (float): Minimum customer wait time, in seconds.
            max_response_time (float): Maximum customer wait time, in seconds.
            avg_action_response_time (float): Average agent response time (assignment to response), in seconds.
            min_action_response_time (float): Minimum agent response time (assignment to response), in seconds.
            max_action_response_time (float): Maximum agent response time (assignment to response), in seconds.
            total_responded_to (int): The count of messages responded to.
            broke_sla (int): The count of messages that exceeded the customer SLA time.
            broke_action_sla (int): The count of messages that exceeded the agent response SLA time.
            avg_response_time_min (float): Average customer wait time, in minutes.
            avg_action_response_time_min (float): Average agent response time, in minutes.
            fraction_responded_to (float): `responded_to` divided by `mentions_assigned`.
            fraction_responded_to_in_private (float): `responded_to_in_private` divided by `responded_to`. The
                documentation's table says "divided by mentions_assigned", but both of its examples are divided by
                `responded_to`; the contract follows the examples.
            fraction_broke_sla (float): `broke_sla` divided by `responded_to`.
            fraction_broke_action_sla (float): `broke_action_sla` divided by `responded_to`.
    """

    first_name: str
    last_name: str
    mentions_assigned: int
    user_id: str
    responded_to: int
    responded_to_in_private: int
    avg_response_time: float
    min_response_time: float
    max_response_time: float
    avg_action_response_time: float
    min_action_response_time: float
    max_action_response_time: float
    total_responded_to: int
    broke_sla: int
    broke_action_sla: int
    avg_response_time_min: float
    avg_action_response_time_min: float
    fraction_responded_to: float
    fraction_responded_to_in_private: float
    fraction_broke_sla: float
    fraction_broke_action_sla: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        first_name = self.first_name

        last_name = self.last_name

        mentions_assigned = self.mentions_assigned

        user_id = self.user_id

        responded_to = self.responded_to

        responded_to_in_private = self.responded_to_in_private

        avg_response_time = self.avg_response_time

        min_response_time = self.min_response_time

        max_response_time = self.max_response_time

        avg_action_response_time = self.avg_action_response_time

        min_action_response_time = self.min_action_response_time

        max_action_response_time = self.max_action_response_time

        total_responded_to = self.total_responded_to

        broke_sla = self.broke_sla

        broke_action_sla = self.broke_action_sla

        avg_response_time_min = self.avg_response_time_min

        avg_action_response_time_min = self.avg_action_response_time_min

        fraction_responded_to = self.fraction_responded_to

        fraction_responded_to_in_private = self.fraction_responded_to_in_private

        fraction_broke_sla = self.fraction_broke_sla

        fraction_broke_action_sla = self.fraction_broke_action_sla

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "first_name": first_name,
                "last_name": last_name,
                "mentions_assigned": mentions_assigned,
                "user_id": user_id,
                "responded_to": responded_to,
                "responded_to_in_private": responded_to_in_private,
                "avg_response_time": avg_response_time,
                "min_response_time": min_response_time,
                "max_response_time": max_response_time,
                "avg_action_response_time": avg_action_response_time,
                "min_action_response_time": min_action_response_time,
                "max_action_response_time": max_action_response_time,
                "total_responded_to": total_responded_to,
                "broke_sla": broke_sla,
                "broke_action_sla": broke_action_sla,
                "avg_response_time_min": avg_response_time_min,
                "avg_action_response_time_min": avg_action_response_time_min,
                "fraction_responded_to": fraction_responded_to,
                "fraction_responded_to_in_private": fraction_responded_to_in_private,
                "fraction_broke_sla": fraction_broke_sla,
                "fraction_broke_action_sla": fraction_broke_action_sla,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        mentions_assigned = d.pop("mentions_assigned")

        user_id = d.pop("user_id")

        responded_to = d.pop("responded_to")

        responded_to_in_private = d.pop("responded_to_in_private")

        avg_response_time = d.pop("avg_response_time")

        min_response_time = d.pop("min_response_time")

        max_response_time = d.pop("max_response_time")

        avg_action_response_time = d.pop("avg_action_response_time")

        min_action_response_time = d.pop("min_action_response_time")

        max_action_response_time = d.pop("max_action_response_time")

        total_responded_to = d.pop("total_responded_to")

        broke_sla = d.pop("broke_sla")

        broke_action_sla = d.pop("broke_action_sla")

        avg_response_time_min = d.pop("avg_response_time_min")

        avg_action_response_time_min = d.pop("avg_action_response_time_min")

        fraction_responded_to = d.pop("fraction_responded_to")

        fraction_responded_to_in_private = d.pop("fraction_responded_to_in_private")

        fraction_broke_sla = d.pop("fraction_broke_sla")

        fraction_broke_action_sla = d.pop("fraction_broke_action_sla")

        user_summary_row = cls(
            first_name=first_name,
            last_name=last_name,
            mentions_assigned=mentions_assigned,
            user_id=user_id,
            responded_to=responded_to,
            responded_to_in_private=responded_to_in_private,
            avg_response_time=avg_response_time,
            min_response_time=min_response_time,
            max_response_time=max_response_time,
            avg_action_response_time=avg_action_response_time,
            min_action_response_time=min_action_response_time,
            max_action_response_time=max_action_response_time,
            total_responded_to=total_responded_to,
            broke_sla=broke_sla,
            broke_action_sla=broke_action_sla,
            avg_response_time_min=avg_response_time_min,
            avg_action_response_time_min=avg_action_response_time_min,
            fraction_responded_to=fraction_responded_to,
            fraction_responded_to_in_private=fraction_responded_to_in_private,
            fraction_broke_sla=fraction_broke_sla,
            fraction_broke_action_sla=fraction_broke_action_sla,
        )

        user_summary_row.additional_properties = d
        return user_summary_row

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
