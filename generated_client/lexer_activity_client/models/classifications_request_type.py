from typing import Literal

ClassificationsRequestType = Literal["classifications"]

CLASSIFICATIONS_REQUEST_TYPE_VALUES: set[ClassificationsRequestType] = {
    "classifications",
}


def check_classifications_request_type(value: str) -> ClassificationsRequestType:
    if value in CLASSIFICATIONS_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CLASSIFICATIONS_REQUEST_TYPE_VALUES!r}")
