from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Form")


@_attrs_define
class Form:
    """A form or survey of the Lexer account (NPS survey, authentication form or competition survey).

    Attributes:
        id (int): The unique id of the form; the `form` of the NPS reports.
        name (str): The name of the form.
        title (str): The title of the form.
        archived (bool): Whether the form is archived.
        created_at (datetime.datetime): When the form was created.
        groups (list[int]): The ids of the groups that have access to the form.
        nps (bool): Whether the form is an NPS survey.
        form_url (str): The URL to view the form.
    """

    id: int
    name: str
    title: str
    archived: bool
    created_at: datetime.datetime
    groups: list[int]
    nps: bool
    form_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        title = self.title

        archived = self.archived

        created_at = self.created_at.isoformat()

        groups = self.groups

        nps = self.nps

        form_url = self.form_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "title": title,
                "archived": archived,
                "created_at": created_at,
                "groups": groups,
                "nps": nps,
                "form_url": form_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        title = d.pop("title")

        archived = d.pop("archived")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        groups = cast(list[int], d.pop("groups"))

        nps = d.pop("nps")

        form_url = d.pop("form_url")

        form = cls(
            id=id,
            name=name,
            title=title,
            archived=archived,
            created_at=created_at,
            groups=groups,
            nps=nps,
            form_url=form_url,
        )

        form.additional_properties = d
        return form

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
