from typing import Literal

CaseVolumeRequestType = Literal["case_volume"]

CASE_VOLUME_REQUEST_TYPE_VALUES: set[CaseVolumeRequestType] = {
    "case_volume",
}


def check_case_volume_request_type(value: str) -> CaseVolumeRequestType:
    if value in CASE_VOLUME_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CASE_VOLUME_REQUEST_TYPE_VALUES!r}")
