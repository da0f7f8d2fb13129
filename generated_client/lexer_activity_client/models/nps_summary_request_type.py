from typing import Literal

NpsSummaryRequestType = Literal["nps_summary"]

NPS_SUMMARY_REQUEST_TYPE_VALUES: set[NpsSummaryRequestType] = {
    "nps_summary",
}


def check_nps_summary_request_type(value: str) -> NpsSummaryRequestType:
    if value in NPS_SUMMARY_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {NPS_SUMMARY_REQUEST_TYPE_VALUES!r}")
