from typing import Literal

ExportJobStatus = Literal["complete", "pending"]

EXPORT_JOB_STATUS_VALUES: set[ExportJobStatus] = {
    "complete",
    "pending",
}


def check_export_job_status(value: str) -> ExportJobStatus:
    if value in EXPORT_JOB_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {EXPORT_JOB_STATUS_VALUES!r}")
