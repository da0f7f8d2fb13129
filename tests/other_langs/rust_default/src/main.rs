//! A user's program on the `rust` generator's output with DEFAULT options from the codegen edition, against
//! the mock (through a recording proxy that keeps every body received): all 5 operations and all 15 report
//! types. runReport's answer (untyped in the edition: a serde_json::Value) is converted to the model its
//! request's `x-lexer-response` names, encoded again and printed in call order
//! (tests/other_langs/test_java_rust_defaults.py pairs each with the body received).
//!
//!     lexer-rust-default-check ROOT TOKEN REQUESTS.json

use std::collections::HashMap;

use openapi::apis::configuration::{ApiKey, Configuration};
use openapi::apis::{forms_api, groups_api, reports_api, users_api};
use openapi::models::{self, RunReportRequest};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

fn encoded<T: Serialize, E: std::fmt::Debug>(result: Result<T, E>) -> (Option<String>, Option<String>) {
    match result {
        Ok(value) => (Some(serde_json::to_string(&value).unwrap()), None),
        Err(e) => (None, Some(format!("{e:?}"))),
    }
}

/// The untyped answer as the model `T`, encoded again.
fn typed<T: DeserializeOwned + Serialize>(answer: Value) -> Result<String, String> {
    let value: T = serde_json::from_value(answer).map_err(|e| e.to_string())?;
    serde_json::to_string(&value).map_err(|e| e.to_string())
}

fn request(report_type: &str, body: Value) -> Result<RunReportRequest, serde_json::Error> {
    use RunReportRequest as R;
    Ok(match report_type {
        "summary" => R::Summary(Box::new(serde_json::from_value(body)?)),
        "states_volume" => R::StatesVolume(Box::new(serde_json::from_value(body)?)),
        "workflow_states" => R::WorkflowStates(Box::new(serde_json::from_value(body)?)),
        "classifications" => R::Classifications(Box::new(serde_json::from_value(body)?)),
        "response_volume" => R::ResponseVolume(Box::new(serde_json::from_value(body)?)),
        "user_summary" => R::UserSummary(Box::new(serde_json::from_value(body)?)),
        "user_volume" => R::UserVolume(Box::new(serde_json::from_value(body)?)),
        "case_summary" => R::CaseSummary(Box::new(serde_json::from_value(body)?)),
        "case_volume" => R::CaseVolume(Box::new(serde_json::from_value(body)?)),
        "case_classifications" => R::CaseClassifications(Box::new(serde_json::from_value(body)?)),
        "case_details" => R::CaseDetails(Box::new(serde_json::from_value(body)?)),
        "nps_summary" => R::NpsSummary(Box::new(serde_json::from_value(body)?)),
        "nps_volume" => R::NpsVolume(Box::new(serde_json::from_value(body)?)),
        "nps_submissions" => R::NpsSubmissions(Box::new(serde_json::from_value(body)?)),
        "mention_sla_export" => R::MentionSlaExport(Box::new(serde_json::from_value(body)?)),
        other => panic!("no request type {other}"),
    })
}

fn answer(model: &str, value: Value) -> Result<String, String> {
    match model {
        "SummaryReport" => typed::<models::SummaryReport>(value),
        "StatesVolumeReport" => typed::<HashMap<String, Vec<models::StatesVolumePoint>>>(value),
        "WorkflowStatesReport" => typed::<Vec<models::WorkflowStatesRow>>(value),
        "ClassificationsReport" => typed::<Vec<models::ClassificationsRow>>(value),
        "ResponseVolumeReport" => typed::<models::ResponseVolumeReport>(value),
        "UserSummaryReport" => typed::<Vec<models::UserSummaryRow>>(value),
        "UserVolumeReport" => typed::<Vec<models::UserVolumeRow>>(value),
        "CaseSummaryReport" => typed::<models::CaseSummaryReport>(value),
        "CaseVolumeReport" => typed::<models::CaseVolumeReport>(value),
        "CaseClassificationsReport" => typed::<Vec<models::CaseClassificationsRow>>(value),
        "NpsSummaryReport" => typed::<models::NpsSummaryReport>(value),
        "NpsVolumeReport" => typed::<Vec<models::NpsVolumeRow>>(value),
        "ExportJob" => typed::<models::ExportJob>(value),
        other => Err(format!("no model {other}")),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (root, token, requests) = (&args[1], &args[2], &args[3]);
    let mut cfg = Configuration::new();
    cfg.base_path = format!("{root}/v1");
    cfg.api_key = Some(ApiKey { prefix: None, key: token.clone() });
    let mut calls = Vec::new();
    let mut push = |name: &str, (decoded, error): (Option<String>, Option<String>)| {
        calls.push(json!({"name": name, "decoded": decoded, "error": error}));
    };

    push("listUsers", encoded(users_api::list_users(&cfg).await));
    push("listGroups", encoded(groups_api::list_groups(&cfg).await));
    push("listForms", encoded(forms_api::list_forms(&cfg).await));
    let requests: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(requests).unwrap()).unwrap();
    let mut export_token = None;
    for item in requests {
        let report_type = item["type"].as_str().unwrap().to_string();
        let model = item["answer"]["name"].as_str().unwrap();
        let result = match request(&report_type, item["body"].clone()) {
            Err(e) => Err(format!("request: {e}")),
            Ok(body) => match reports_api::run_report(&cfg, body).await {
                Err(e) => Err(format!("{e:?}")),
                Ok(value) => {
                    if model == "ExportJob" {
                        export_token = value["token"].as_str().map(str::to_string);
                    }
                    answer(model, value)
                }
            },
        };
        push(&report_type, match result {
            Ok(text) => (Some(text), None),
            Err(e) => (None, Some(e)),
        });
    }
    let token = export_token.expect("an export token");
    push("getReportStatus", encoded(reports_api::get_report_status(&cfg, &token).await));
    // An error: status and the {error, message} body, as the generated client surfaces them.
    let bad = RunReportRequest::Summary(Box::new(models::SummaryRequest::new(
        Default::default(),
        "2016-01-01T00:00:00Z".into(),
        "2018-01-01T00:00:00Z".into(),
    )));
    let error = match reports_api::run_report(&cfg, bad).await {
        Err(openapi::apis::Error::ResponseError(e)) => json!({
            "status": e.status.as_u16(),
            "body": serde_json::from_str::<Value>(&e.content).ok(),
            "entity": format!("{:?}", e.entity),
        }),
        other => json!({"unexpected": format!("{other:?}")}),
    };
    println!("{}", json!({"calls": calls, "error": error}));
}
