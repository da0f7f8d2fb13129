from typing import Literal

SummaryRequestType = Literal["summary"]

SUMMARY_REQUEST_TYPE_VALUES: set[SummaryRequestType] = {
    "summary",
}


def check_summary_request_type(value: str) -> SummaryRequestType:
    if value in SUMMARY_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SUMMARY_REQUEST_TYPE_VALUES!r}")
