from typing import Literal

WorkflowStatesRequestType = Literal["workflow_states"]

WORKFLOW_STATES_REQUEST_TYPE_VALUES: set[WorkflowStatesRequestType] = {
    "workflow_states",
}


def check_workflow_states_request_type(value: str) -> WorkflowStatesRequestType:
    if value in WORKFLOW_STATES_REQUEST_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {WORKFLOW_STATES_REQUEST_TYPE_VALUES!r}")
