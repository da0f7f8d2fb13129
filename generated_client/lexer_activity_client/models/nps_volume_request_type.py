from typing import Literal

NpsVolumeRequestType = Literal["nps_volume"]

NPS_VOLUME_REQUEST_TYPE_VALUES: set[NpsVolumeRequestType] = {
    "nps_volume",
}


def check_nps_volume_request_type(value: str) -> NpsVolumeRequestType:
    if value in NPS_VOLUME_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {NPS_VOLUME_REQUEST_TYPE_VALUES!r}")
