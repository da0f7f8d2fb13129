//! Runs the Rust client against the mock: every operation, every report type, the three exports and the
//! documented errors; every decoded value must re-serialise to the JSON received. Prints one JSON line
//! (what was checked) and exits non-zero on the first failure.
//!
//! lexer-contract-check BASE_URL TOKEN LIMITED_BASE_URL
//! (LIMITED_BASE_URL: a mock started with a rate limit of one request per window).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use lexer_activity_client::{models, Client, Error, RawResponse, ReportRequest, StatusError};
use serde_json::{json, Value};

const FROM: &str = "2018-04-01T00:00:00+11:00";
const TO: &str = "2018-04-30T23:59:59+11:00";
const EXPORT_FROM: &str = "2019-06-15T00:00:00+11:00";
const EXPORT_TO: &str = "2019-06-30T23:59:59+11:00";

type Seen = Arc<Mutex<Vec<RawResponse>>>;

struct Check {
    seen: Seen,
    round_trips: usize,
}

fn client(base: &str, token: &str, seen: &Seen) -> Client {
    let seen = Arc::clone(seen);
    Client::builder(token)
        .base_url(base)
        .poll_interval(Duration::from_millis(100))
        .on_response(move |raw| seen.lock().unwrap().push(raw.clone()))
        .build()
}

/// JSON equality: numbers are equal when their values are (`10` is `10.0`; floats bit for bit).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64().map(f64::to_bits) == y.as_f64().map(f64::to_bits),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_json(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, p)| y.get(key).is_some_and(|q| same_json(p, q)))
        }
        _ => a == b,
    }
}

impl Check {
    /// The decoded value, serialised again, must be the JSON of the last answer received.
    fn same<T: serde::Serialize>(&mut self, what: &str, value: Result<T, Error>) -> T {
        let value = value.unwrap_or_else(|e| panic!("{what}: {e}"));
        let seen = self.seen.lock().unwrap();
        let last = seen.last().expect("an answer");
        let received: Value = serde_json::from_slice(&last.body).expect("JSON received");
        let again = serde_json::to_value(&value).expect("re-serialised");
        assert!(
            same_json(&received, &again),
            "{what}: re-serialised\n  {again}\nis not the JSON received\n  {received}"
        );
        let empty = match &received {
            Value::Array(items) => items.is_empty(),
            Value::Object(fields) => fields.is_empty(),
            _ => false,
        };
        assert!(
            !empty,
            "{what}: the mock answered an empty value; nothing was checked"
        );
        self.round_trips += 1;
        value
    }
}

fn expect_status<T: std::fmt::Debug>(
    status: u16,
    error: &str,
    result: Result<T, Error>,
    errors: &mut Vec<Value>,
) -> StatusError {
    match result {
        Err(Error::Status(e)) => {
            assert_eq!(e.status, status, "{e}");
            assert_eq!(e.error.as_deref(), Some(error), "{e}");
            assert!(
                e.message.as_deref().is_some_and(|m| !m.is_empty()),
                "a message with {status}"
            );
            errors.push(json!({"status": e.status, "error": e.error, "retry_after": e.retry_after.map(|d| d.as_secs())}));
            e
        }
        other => panic!("expected HTTP {status} {error}, got {other:?}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (base, token, limited) = (&args[1], &args[2], &args[3]);
    let seen: Seen = Arc::default();
    let lexer = client(base, token, &seen);
    let mut check = Check {
        seen: Arc::clone(&seen),
        round_trips: 0,
    };
    let mut reports: Vec<&str> = Vec::new();

    check.same("listUsers", lexer.list_users());
    check.same("listGroups", lexer.list_groups());
    let forms = check.same("listForms", lexer.list_forms());
    let form = forms.iter().find(|f| f.nps).expect("an NPS survey").id;

    // One call per report type, each typed by its request (the generic call and the named ones agree).
    let summary: models::SummaryReport = check.same(
        "summary",
        lexer.run_report(&models::SummaryRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    reports.push("summary");
    // An answer with a field this client does not know still decodes, the known fields unchanged.
    let mut extended: Value =
        serde_json::from_slice(&seen.lock().unwrap().last().unwrap().body).unwrap();
    extended["a_field_added_later"] = json!(1);
    let tolerant: <models::SummaryRequest as ReportRequest>::Answer =
        serde_json::from_value(extended).expect("an unknown field is ignored");
    assert_eq!(tolerant, summary, "an unknown answer field changes nothing");
    let states = check.same(
        "states_volume",
        lexer.states_volume(&models::StatesVolumeRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    reports.push("states_volume");
    let workflow = check.same(
        "workflow_states",
        lexer.workflow_states(&models::WorkflowStatesRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    reports.push("workflow_states");
    let classifications = check.same(
        "classifications",
        lexer.classifications(&models::ClassificationsRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    reports.push("classifications");
    let response_volume = check.same(
        "response_volume",
        lexer.response_volume(&models::ResponseVolumeRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    reports.push("response_volume");
    let team = check.same(
        "user_summary",
        lexer.user_summary(&models::UserSummaryRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    reports.push("user_summary");
    let team_volume = check.same(
        "user_volume",
        lexer.user_volume(&models::UserVolumeRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    reports.push("user_volume");
    let cases = check.same(
        "case_summary",
        lexer.case_summary(&models::CaseSummaryRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    reports.push("case_summary");
    let case_volume = check.same(
        "case_volume",
        lexer.case_volume(&models::CaseVolumeRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    reports.push("case_volume");
    let case_classes = check.same(
        "case_classifications",
        lexer.case_classifications(&models::CaseClassificationsRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            ..Default::default()
        }),
    );
    reports.push("case_classifications");
    let nps = check.same(
        "nps_summary",
        lexer.nps_summary(&models::NpsSummaryRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            form,
            nps_category: models::NpsCategory::All,
            ..Default::default()
        }),
    );
    reports.push("nps_summary");
    let nps_volume = check.same(
        "nps_volume",
        lexer.nps_volume(&models::NpsVolumeRequest {
            date_from: FROM.into(),
            date_to: TO.into(),
            form,
            nps_category: models::NpsCategory::All,
            ..Default::default()
        }),
    );
    reports.push("nps_volume");

    // A value of each, read through its own type.
    assert!(
        summary.avg_response_time > 0.0 && summary.total_volume > 0,
        "summary figures"
    );
    assert!(
        states.values().all(|series| !series.is_empty()),
        "states_volume series"
    );
    assert!(
        workflow[0].volume >= 0 && classifications[0].classification_id > 0,
        "rows"
    );
    assert_eq!(
        response_volume.avg_response_time[0]
            .date_range
            .date_from
            .len(),
        16,
        "date_range"
    );
    assert!(
        team[0].fraction_responded_to >= 0.0 && team_volume[0].states.all_states >= 0,
        "team"
    );
    assert!(
        cases.total_cases >= 0 && !case_volume.open.is_empty() && !case_classes.is_empty(),
        "cases"
    );
    assert!(
        nps.nps_score >= -100.0 && nps_volume[0].data.total_sent >= 0,
        "nps"
    );

    // The three exports: start, wait (polls while pending), status, download.
    let jobs = [
        (
            "case_details",
            check.same(
                "case_details",
                lexer.case_details(&models::CaseDetailsRequest {
                    date_from: EXPORT_FROM.into(),
                    date_to: EXPORT_TO.into(),
                    ..Default::default()
                }),
            ),
        ),
        (
            "nps_submissions",
            check.same(
                "nps_submissions",
                lexer.nps_submissions(&models::NpsSubmissionsRequest {
                    date_from: EXPORT_FROM.into(),
                    date_to: EXPORT_TO.into(),
                    form,
                    nps_category: models::NpsCategory::All,
                    ..Default::default()
                }),
            ),
        ),
        (
            "mention_sla_export",
            check.same(
                "mention_sla_export",
                lexer.mention_sla_export(&models::MentionSlaExportRequest {
                    date_from: EXPORT_FROM.into(),
                    date_to: EXPORT_TO.into(),
                    ..Default::default()
                }),
            ),
        ),
    ];
    let mut exports = Vec::new();
    for (kind, started) in &jobs {
        reports.push(kind);
        assert!(
            started.status == models::export_job::Status::Pending && started.url.is_none(),
            "a pending job"
        );
        let done = check.same(&format!("{kind} wait"), lexer.wait_for_export(started));
        assert!(
            done.status == models::export_job::Status::Complete && done.url.is_some(),
            "a complete job"
        );
        check.same("getReportStatus", lexer.get_report_status(&done.token));
        let csv =
            String::from_utf8(lexer.download_export(&done).expect("download")).expect("UTF-8 CSV");
        assert!(csv.contains(',') && csv.contains('\n'), "{kind} CSV");
        exports.push(*kind);
    }

    // Errors, as the API answers them.
    let mut errors = Vec::new();
    expect_status(
        400,
        "Invalid report - date range is too long",
        lexer.summary(&models::SummaryRequest {
            date_from: "2017-01-01T00:00:00+11:00".into(),
            date_to: TO.into(),
            ..Default::default()
        }),
        &mut errors,
    );
    expect_status(
        401,
        "Unauthorized - api token not matching",
        client(base, "not-a-token", &seen).list_users(),
        &mut errors,
    );
    expect_status(
        404,
        "Not found",
        lexer.get_report_status("no-such-export"),
        &mut errors,
    );

    let throttled = client(limited, token, &seen);
    let job = throttled
        .case_details(&models::CaseDetailsRequest {
            date_from: EXPORT_FROM.into(),
            date_to: EXPORT_TO.into(),
            ..Default::default()
        })
        .expect("an export on the rate-limited mock");
    let limit = expect_status(
        429,
        "Rate limited exceeded",
        throttled.list_groups(),
        &mut errors,
    );
    assert!(
        limit.retry_after.is_some_and(|d| !d.is_zero()),
        "Retry-After on the 429"
    );
    // wait_for_export meets the same 429, waits as Retry-After says, and polls again.
    let before = seen.lock().unwrap().len();
    let done = throttled
        .wait_for_export_within(&job, Duration::from_secs(60))
        .expect("export after a 429");
    assert!(
        done.status == models::export_job::Status::Complete,
        "export completed after a 429"
    );
    assert!(
        seen.lock().unwrap()[before..]
            .iter()
            .any(|r| r.status == 429),
        "the wait met a 429"
    );

    let report = json!({
        "operations": ["listUsers", "listGroups", "listForms", "runReport", "getReportStatus"],
        "reports": reports,
        "exports": exports,
        "errors": errors,
        "round_trips": check.round_trips,
        "unknown_field_tolerated": true,
    });
    println!("{report}");
}
