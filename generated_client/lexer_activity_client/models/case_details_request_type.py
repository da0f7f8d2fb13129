from typing import Literal

CaseDetailsRequestType = Literal["case_details"]

CASE_DETAILS_REQUEST_TYPE_VALUES: set[CaseDetailsRequestType] = {
    "case_details",
}


def check_case_details_request_type(value: str) -> CaseDetailsRequestType:
    if value in CASE_DETAILS_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CASE_DETAILS_REQUEST_TYPE_VALUES!r}")
