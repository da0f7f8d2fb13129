from typing import Literal

CaseClassificationsRequestType = Literal["case_classifications"]

CASE_CLASSIFICATIONS_REQUEST_TYPE_VALUES: set[CaseClassificationsRequestType] = {
    "case_classifications",
}


def check_case_classifications_request_type(value: str) -> CaseClassificationsRequestType:
    if value in CASE_CLASSIFICATIONS_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CASE_CLASSIFICATIONS_REQUEST_TYPE_VALUES!r}")
