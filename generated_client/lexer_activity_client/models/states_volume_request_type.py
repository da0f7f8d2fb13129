from typing import Literal

StatesVolumeRequestType = Literal["states_volume"]

STATES_VOLUME_REQUEST_TYPE_VALUES: set[StatesVolumeRequestType] = {
    "states_volume",
}


def check_states_volume_request_type(value: str) -> StatesVolumeRequestType:
    if value in STATES_VOLUME_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {STATES_VOLUME_REQUEST_TYPE_VALUES!r}")
