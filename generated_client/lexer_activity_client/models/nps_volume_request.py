from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import _checks
from ..models.nps_volume_request_type import NpsVolumeRequestType, check_nps_volume_request_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="NpsVolumeRequest")


@_attrs_define
class NpsVolumeRequest:
    """NPS Volume: the daily volume of NPS responses and scores of an NPS survey.

    Attributes:
        type_ (NpsVolumeRequestType): The report type.
        date_from (datetime.datetime): Start of the reporting period, an RFC 3339 date and time with seconds and a UTC
            offset (for example `2018-04-01T00:00:00+11:00`). It must be in the past, and the period must not be longer than
            12 months. A value without seconds (`2018-10-01T00:00Z`, as in Lexer's export draft) is malformed: send
            `2018-10-01T00:00:00Z`.
        date_to (datetime.datetime): End of the reporting period, an RFC 3339 date and time with seconds and a UTC
            offset (for example `2018-04-30T23:59:59+11:00`).
        form (int): The id of the NPS survey (a form with `nps` true, from `listForms`).
        nps_category (str): Which NPS responses to count: `all`, or only promoters (score 9-10), passives (7-8) or
            detractors (0-6). Only `all` is documented; the other values are inferred from the NPS categories of the
            reports. An open string: the known values are listed in `x-extensible-enum`; a value the API does not know is a
            malformed request (`404 Not found`). Example: all.
        users (list[int] | Unset): Only count the activity of these users (ids from `listUsers`). With `groups` as well,
            only users in both count; an empty array does not filter. Inferred: the documentation says reports can be
            filtered by users but prints no parameter name for it.
        groups (list[int] | Unset): Only count the activity of members of these groups (ids from `listGroups`); an empty
            array does not filter. Inferred: the documentation says reports can be filtered by groups but prints no
            parameter name for it.
    """

    date_from: datetime.datetime = _attrs_field(validator=_checks.offset_date_time)
    date_to: datetime.datetime = _attrs_field(validator=_checks.offset_date_time)
    form: int
    nps_category: str
    type_: NpsVolumeRequestType = _attrs_field(default="nps_volume", validator=_checks.own_type("nps_volume"))
    users: list[int] | Unset = UNSET
    groups: list[int] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        date_from = self.date_from.isoformat()

        date_to = self.date_to.isoformat()

        form = self.form

        nps_category = self.nps_category

        users: list[int] | Unset = UNSET
        if not isinstance(self.users, Unset):
            users = self.users

        groups: list[int] | Unset = UNSET
        if not isinstance(self.groups, Unset):
            groups = self.groups

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "date_from": date_from,
                "date_to": date_to,
                "form": form,
                "nps_category": nps_category,
            }
        )
        if users is not UNSET:
            field_dict["users"] = users
        if groups is not UNSET:
            field_dict["groups"] = groups

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_nps_volume_request_type(d.pop("type"))

        date_from = datetime.datetime.fromisoformat(d.pop("date_from"))

        date_to = datetime.datetime.fromisoformat(d.pop("date_to"))

        form = d.pop("form")

        nps_category = d.pop("nps_category")

        users = cast(list[int], d.pop("users", UNSET))

        groups = cast(list[int], d.pop("groups", UNSET))

        nps_volume_request = cls(
            type_=type_,
            date_from=date_from,
            date_to=date_to,
            form=form,
            nps_category=nps_category,
            users=users,
            groups=groups,
        )

        return nps_volume_request
