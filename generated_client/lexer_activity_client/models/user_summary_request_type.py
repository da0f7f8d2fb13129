from typing import Literal

UserSummaryRequestType = Literal["user_summary"]

USER_SUMMARY_REQUEST_TYPE_VALUES: set[UserSummaryRequestType] = {
    "user_summary",
}


def check_user_summary_request_type(value: str) -> UserSummaryRequestType:
    if value in USER_SUMMARY_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {USER_SUMMARY_REQUEST_TYPE_VALUES!r}")
