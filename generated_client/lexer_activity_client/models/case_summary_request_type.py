from typing import Literal

CaseSummaryRequestType = Literal["case_summary"]

CASE_SUMMARY_REQUEST_TYPE_VALUES: set[CaseSummaryRequestType] = {
    "case_summary",
}


def check_case_summary_request_type(value: str) -> CaseSummaryRequestType:
    if value in CASE_SUMMARY_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CASE_SUMMARY_REQUEST_TYPE_VALUES!r}")
