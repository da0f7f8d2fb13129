//! Drives the kit's Rust client (build/clients/rust, from `make clients`) against the mock.
//!
//! Calls all 5 operations and all 15 report types through the typed layer, waits for and downloads the
//! 3 exports, meets a real 400, 401, 404 and 429, and prints one JSON object: every answer's body as
//! received next to the decoded value serialised again (tests/other_langs/test_rust.py compares them and
//! checks the rest).
//!
//!     lexer-contract-check ROOT TOKEN OTHER_TOKEN

use std::sync::{Arc, Mutex};
use std::time::Duration;

use lexer_activity_client::{models, Client, Error, REPORT_TYPES};
use serde::Serialize;
use serde_json::{json, Value};

// Date-times are the strings of the wire (their UTC offset kept as written).
const FROM: &str = "2018-04-01T00:00:00Z";
const TO: &str = "2018-04-30T23:59:59Z";
const WAIT: Duration = Duration::from_secs(120);

struct Run {
    last: Arc<Mutex<Vec<u8>>>,
    calls: Vec<Value>,
}

impl Run {
    /// The last answer's body as received, next to the decoded value serialised again.
    fn record<T: Serialize>(&mut self, name: &str, value: T) -> T {
        let raw = String::from_utf8(self.last.lock().unwrap().clone()).expect("a UTF-8 body");
        let decoded = serde_json::to_string(&value).expect("re-serialised");
        self.calls
            .push(json!({"name": name, "raw": raw, "decoded": decoded}));
        value
    }
}

fn must<T>(what: &str, result: Result<T, Error>) -> T {
    result.unwrap_or_else(|e| {
        eprintln!("{what}: {e}");
        std::process::exit(1)
    })
}

fn expect_error<T: std::fmt::Debug>(result: Result<T, Error>) -> Value {
    match result {
        Err(Error::Status(e)) => json!({
            "status": e.status,
            "body": e.api_error,
            "retry_after": e.retry_after.map(|d| d.as_secs_f64()),
            "raw": e.body,
        }),
        other => {
            eprintln!("expected an error answer, got {other:?}");
            std::process::exit(1)
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: lexer-contract-check ROOT TOKEN OTHER_TOKEN");
        std::process::exit(2);
    }
    let (root, token, other_token) = (&args[1], &args[2], &args[3]);
    let last = Arc::new(Mutex::new(Vec::new()));
    let client = |api_token: &str| {
        let last = Arc::clone(&last);
        Client::builder(api_token)
            .base_url(format!("{root}/v1"))
            .status_base_url(format!("{root}/api/public/v1"))
            .poll_interval(Duration::from_millis(100))
            .on_response(move |raw| *last.lock().unwrap() = raw.body.clone())
            .build()
    };
    let api = client(token);
    let mut run = Run {
        last: Arc::clone(&last),
        calls: Vec::new(),
    };

    run.record("listUsers", must("listUsers", api.list_users()));
    run.record("listGroups", must("listGroups", api.list_groups()));
    let forms = run.record("listForms", must("listForms", api.list_forms()));
    // The last NPS survey (the fixture's first has no submissions in April 2018).
    let form = forms
        .iter()
        .filter(|f| f.nps)
        .last()
        .expect("an NPS form")
        .id;
    let all = String::from("all"); // NpsCategory is an open string

    // Each call's answer type is fixed by its request type: these annotations are checked by rustc.
    let summary: models::SummaryReport = must(
        "summary",
        api.run_report(&models::SummaryRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    let summary = run.record("summary", summary);
    let states: std::collections::HashMap<String, Vec<models::StatesVolumePoint>> = must(
        "states_volume",
        api.states_volume(&models::StatesVolumeRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    run.record("states_volume", states);
    let workflow: Vec<models::WorkflowStatesRow> = must(
        "workflow_states",
        api.workflow_states(&models::WorkflowStatesRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    run.record("workflow_states", workflow);
    let classifications: Vec<models::ClassificationsRow> = must(
        "classifications",
        api.classifications(&models::ClassificationsRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    run.record("classifications", classifications);
    let response_volume: models::ResponseVolumeReport = must(
        "response_volume",
        api.response_volume(&models::ResponseVolumeRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    run.record("response_volume", response_volume);
    let user_summary: Vec<models::UserSummaryRow> = must(
        "user_summary",
        api.user_summary(&models::UserSummaryRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    run.record("user_summary", user_summary);
    let user_volume: Vec<models::UserVolumeRow> = must(
        "user_volume",
        api.user_volume(&models::UserVolumeRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    run.record("user_volume", user_volume);
    let case_summary: models::CaseSummaryReport = must(
        "case_summary",
        api.case_summary(&models::CaseSummaryRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    run.record("case_summary", case_summary);
    let case_volume: models::CaseVolumeReport = must(
        "case_volume",
        api.case_volume(&models::CaseVolumeRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    let case_volume = run.record("case_volume", case_volume);
    let case_classifications: Vec<models::CaseClassificationsRow> = must(
        "case_classifications",
        api.case_classifications(&models::CaseClassificationsRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    run.record("case_classifications", case_classifications);
    let nps_summary: models::NpsSummaryReport = must(
        "nps_summary",
        api.nps_summary(&models::NpsSummaryRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            form,
            nps_category: all.clone(),
            ..Default::default()
        }),
    );
    run.record("nps_summary", nps_summary);
    let nps_volume: Vec<models::NpsVolumeRow> = must(
        "nps_volume",
        api.nps_volume(&models::NpsVolumeRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            form,
            nps_category: all.clone(),
            ..Default::default()
        }),
    );
    run.record("nps_volume", nps_volume);
    // Typed reads: an f64, an i64, a nested model.
    assert!(
        summary.avg_response_time >= 0.0 && case_volume.open[0].value >= 0,
        "summary figures"
    );

    let case_details = run.record(
        "case_details",
        must(
            "case_details",
            api.case_details(&models::CaseDetailsRequest {
                date_from: FROM.into(),
                date_to: TO.into(),
                ..Default::default()
            }),
        ),
    );
    let nps_submissions = run.record(
        "nps_submissions",
        must(
            "nps_submissions",
            api.nps_submissions(&models::NpsSubmissionsRequest {
                date_from: FROM.into(),
                date_to: TO.into(),
                form,
                nps_category: all.clone(),
                ..Default::default()
            }),
        ),
    );
    let mention_sla = run.record(
        "mention_sla_export",
        must(
            "mention_sla_export",
            api.mention_sla_export(&models::MentionSlaExportRequest {
                date_from: FROM.into(),
                date_to: TO.into(),
                ..Default::default()
            }),
        ),
    );
    let jobs = [
        ("case_details", case_details),
        ("nps_submissions", nps_submissions),
        ("mention_sla_export", mention_sla),
    ];

    let mut exports = Vec::new();
    for (name, job) in &jobs {
        let mut polls = 0;
        let mut seen = Vec::new();
        let complete = must(
            name,
            api.wait_for_export_with(job, WAIT, |event| {
                polls += 1;
                let raw = String::from_utf8(last.lock().unwrap().clone()).unwrap();
                seen.push(json!({"name": "getReportStatus", "raw": raw, "decoded": serde_json::to_string(event.job.unwrap()).unwrap()}));
            }),
        );
        run.calls.extend(seen);
        let csv = String::from_utf8(must("download", api.download_export(&complete)))
            .expect("a UTF-8 CSV");
        exports.push(json!({
            "type": name,
            "first_status": job.status,
            "token": job.token,
            "polls": polls,
            "url": complete.url,
            "csv": csv,
        }));
    }
    let status = must("getReportStatus", api.get_report_status(&jobs[0].1.token));
    let status = run.record("getReportStatus", status);

    let mut errors = serde_json::Map::new();
    errors.insert(
        "400".into(),
        expect_error(api.summary(&models::SummaryRequest {
            date_from: "2016-01-01T00:00:00Z".into(),
            date_to: "2018-01-01T00:00:00Z".into(),
            ..Default::default()
        })),
    );
    errors.insert(
        "401".into(),
        expect_error(client("not-a-token").list_users()),
    );
    errors.insert(
        "404".into(),
        expect_error(api.get_report_status("no-such-export")),
    );

    // A real 429: the other token's limit used up, then an export of that token waited for.
    let other = client(other_token);
    let other_job = must(
        "other case_details",
        other.case_details(&models::CaseDetailsRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    let mut limited = Ok(Vec::new());
    for _ in 0..1000 {
        limited = other.list_forms();
        if limited.is_err() {
            break;
        }
    }
    errors.insert("429".into(), expect_error(limited));
    let mut events = Vec::new();
    let other_complete = must(
        "wait after 429",
        other.wait_for_export_with(&other_job, WAIT, |event| {
            events.push(json!({
                "status": event.error.map(|e| e.status),
                "job_status": event.job.map(|j| j.status.clone()),
                "wait_ms": event.wait.as_millis() as u64,
            }));
        }),
    );

    let out = json!({
        "report_types": REPORT_TYPES,
        "calls": run.calls,
        "exports": exports,
        "status": status,
        "errors": errors,
        "wait_after_429": {"events": events, "status": other_complete.status},
    });
    println!("{out}");
}
