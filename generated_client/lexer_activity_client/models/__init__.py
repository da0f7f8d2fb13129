"""Contains all the data models used in inputs/outputs"""

from .case_classifications_request import CaseClassificationsRequest
from .case_classifications_request_type import CaseClassificationsRequestType
from .case_classifications_row import CaseClassificationsRow
from .case_details_request import CaseDetailsRequest
from .case_details_request_type import CaseDetailsRequestType
from .case_summary_report import CaseSummaryReport
from .case_summary_request import CaseSummaryRequest
from .case_summary_request_type import CaseSummaryRequestType
from .case_volume_point import CaseVolumePoint
from .case_volume_report import CaseVolumeReport
from .case_volume_request import CaseVolumeRequest
from .case_volume_request_type import CaseVolumeRequestType
from .classifications_request import ClassificationsRequest
from .classifications_request_type import ClassificationsRequestType
from .classifications_row import ClassificationsRow
from .date_range import DateRange
from .error import Error
from .export_job import ExportJob
from .form import Form
from .group import Group
from .mention_sla_export_request import MentionSlaExportRequest
from .mention_sla_export_request_type import MentionSlaExportRequestType
from .nps_metrics import NpsMetrics
from .nps_submissions_request import NpsSubmissionsRequest
from .nps_submissions_request_type import NpsSubmissionsRequestType
from .nps_summary_report import NpsSummaryReport
from .nps_summary_request import NpsSummaryRequest
from .nps_summary_request_type import NpsSummaryRequestType
from .nps_volume_request import NpsVolumeRequest
from .nps_volume_request_type import NpsVolumeRequestType
from .nps_volume_row import NpsVolumeRow
from .response_volume_point import ResponseVolumePoint
from .response_volume_report import ResponseVolumeReport
from .response_volume_request import ResponseVolumeRequest
from .response_volume_request_type import ResponseVolumeRequestType
from .states_volume_point import StatesVolumePoint
from .states_volume_report import StatesVolumeReport
from .states_volume_request import StatesVolumeRequest
from .states_volume_request_type import StatesVolumeRequestType
from .summary_report import SummaryReport
from .summary_request import SummaryRequest
from .summary_request_type import SummaryRequestType
from .user import User
from .user_state_counts import UserStateCounts
from .user_summary_request import UserSummaryRequest
from .user_summary_request_type import UserSummaryRequestType
from .user_summary_row import UserSummaryRow
from .user_volume_request import UserVolumeRequest
from .user_volume_request_type import UserVolumeRequestType
from .user_volume_row import UserVolumeRow
from .workflow_states_request import WorkflowStatesRequest
from .workflow_states_request_type import WorkflowStatesRequestType
from .workflow_states_row import WorkflowStatesRow

__all__ = (
    "CaseClassificationsRequest",
    "CaseClassificationsRequestType",
    "CaseClassificationsRow",
    "CaseDetailsRequest",
    "CaseDetailsRequestType",
    "CaseSummaryReport",
    "CaseSummaryRequest",
    "CaseSummaryRequestType",
    "CaseVolumePoint",
    "CaseVolumeReport",
    "CaseVolumeRequest",
    "CaseVolumeRequestType",
    "ClassificationsRequest",
    "ClassificationsRequestType",
    "ClassificationsRow",
    "DateRange",
    "Error",
    "ExportJob",
    "Form",
    "Group",
    "MentionSlaExportRequest",
    "MentionSlaExportRequestType",
    "NpsMetrics",
    "NpsSubmissionsRequest",
    "NpsSubmissionsRequestType",
    "NpsSummaryReport",
    "NpsSummaryRequest",
    "NpsSummaryRequestType",
    "NpsVolumeRequest",
    "NpsVolumeRequestType",
    "NpsVolumeRow",
    "ResponseVolumePoint",
    "ResponseVolumeReport",
    "ResponseVolumeRequest",
    "ResponseVolumeRequestType",
    "StatesVolumePoint",
    "StatesVolumeReport",
    "StatesVolumeRequest",
    "StatesVolumeRequestType",
    "SummaryReport",
    "SummaryRequest",
    "SummaryRequestType",
    "User",
    "UserStateCounts",
    "UserSummaryRequest",
    "UserSummaryRequestType",
    "UserSummaryRow",
    "UserVolumeRequest",
    "UserVolumeRequestType",
    "UserVolumeRow",
    "WorkflowStatesRequest",
    "WorkflowStatesRequestType",
    "WorkflowStatesRow",
)
