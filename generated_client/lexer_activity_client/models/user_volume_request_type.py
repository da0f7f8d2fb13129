from typing import Literal

UserVolumeRequestType = Literal["user_volume"]

USER_VOLUME_REQUEST_TYPE_VALUES: set[UserVolumeRequestType] = {
    "user_volume",
}


def check_user_volume_request_type(value: str) -> UserVolumeRequestType:
    if value in USER_VOLUME_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {USER_VOLUME_REQUEST_TYPE_VALUES!r}")
