from typing import Literal

ResponseVolumeRequestType = Literal["response_volume"]

RESPONSE_VOLUME_REQUEST_TYPE_VALUES: set[ResponseVolumeRequestType] = {
    "response_volume",
}


def check_response_volume_request_type(value: str) -> ResponseVolumeRequestType:
    if value in RESPONSE_VOLUME_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RESPONSE_VOLUME_REQUEST_TYPE_VALUES!r}")
