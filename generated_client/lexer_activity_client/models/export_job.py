from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ExportJob")


@_attrs_define
class ExportJob:
    """A CSV export job (`case_details`, `nps_submissions`, `mention_sla_export`). It is `pending` with a null `url` until
    the file is ready, then `complete` with the file's location in `url`.

        Attributes:
            status (str): Whether the CSV file is still being prepared (`pending`) or ready (`complete`). An open string:
                these are the documented values, and the API may send others (a failed job, say), so treat any value other than
                `complete` as not ready. Example: complete.
            url (None | str): The location of the CSV file once the job is complete; null while it is pending.
            token (str): The token identifying the export job; pass it to `getReportStatus`.
    """

    status: str
    url: None | str
    token: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        url: None | str
        url = self.url

        token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "url": url,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = d.pop("status")

        def _parse_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        url = _parse_url(d.pop("url"))

        token = d.pop("token")

        export_job = cls(
            status=status,
            url=url,
            token=token,
        )

        export_job.additional_properties = d
        return export_job

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
