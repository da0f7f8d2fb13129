from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="User")


@_attrs_define
class User:
    """A user with access to the Lexer account.

    Attributes:
        id (int): The unique id of the user.
        email (str): The e-mail address the user logs in with.
        first_name (str): The first name of the user.
        last_name (str): The last name of the user.
        timezone (str): The user's time zone, as an IANA time zone name (for example `Australia/Sydney`).
        gmtoffset (float): The offset of the user's time zone from GMT, in hours.
        sign_in_count (int): The total count of the user's logins.
        last_sign_in_at (datetime.datetime | None): When the user last logged in. Inferred: null for a user who has
            never signed in (the documentation prints only a signed-in user).
        archived (bool): Whether the user is archived.
        groups (list[int]): The ids of the groups the user belongs to.
    """

    id: int
    email: str
    first_name: str
    last_name: str
    timezone: str
    gmtoffset: float
    sign_in_count: int
    last_sign_in_at: datetime.datetime | None
    archived: bool
    groups: list[int]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        timezone = self.timezone

        gmtoffset = self.gmtoffset

        sign_in_count = self.sign_in_count

        last_sign_in_at: None | str
        if isinstance(self.last_sign_in_at, datetime.datetime):
            last_sign_in_at = self.last_sign_in_at.isoformat()
        else:
            last_sign_in_at = self.last_sign_in_at

        archived = self.archived

        groups = self.groups

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "first_name": first_name,
                "last_name": last_name,
                "timezone": timezone,
                "gmtoffset": gmtoffset,
                "sign_in_count": sign_in_count,
                "last_sign_in_at": last_sign_in_at,
                "archived": archived,
                "groups": groups,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        email = d.pop("email")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        timezone = d.pop("timezone")

        gmtoffset = d.pop("gmtoffset")

        sign_in_count = d.pop("sign_in_count")

        def _parse_last_sign_in_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_sign_in_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_sign_in_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_sign_in_at = _parse_last_sign_in_at(d.pop("last_sign_in_at"))

        archived = d.pop("archived")

        groups = cast(list[int], d.pop("groups"))

        user = cls(
            id=id,
            email=email,
            first_name=first_name,
            last_name=last_name,
            timezone=timezone,
            gmtoffset=gmtoffset,
            sign_in_count=sign_in_count,
            last_sign_in_at=last_sign_in_at,
            archived=archived,
            groups=groups,
        )

        user.additional_properties = d
        return user

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
