from typing import Literal

NpsSubmissionsRequestType = Literal["nps_submissions"]

NPS_SUBMISSIONS_REQUEST_TYPE_VALUES: set[NpsSubmissionsRequestType] = {
    "nps_submissions",
}


def check_nps_submissions_request_type(value: str) -> NpsSubmissionsRequestType:
    if value in NPS_SUBMISSIONS_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {NPS_SUBMISSIONS_REQUEST_TYPE_VALUES!r}")
