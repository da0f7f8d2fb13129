from typing import Literal

MentionSlaExportRequestType = Literal["mention_sla_export"]

MENTION_SLA_EXPORT_REQUEST_TYPE_VALUES: set[MentionSlaExportRequestType] = {
    "mention_sla_export",
}


def check_mention_sla_export_request_type(value: str) -> MentionSlaExportRequestType:
    if value in MENTION_SLA_EXPORT_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MENTION_SLA_EXPORT_REQUEST_TYPE_VALUES!r}")
