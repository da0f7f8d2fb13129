// Drives the kit's Go client (build/clients/go, from `make clients`) against the mock.
//
// Calls all 5 operations and all 15 report types through the typed layer, waits for and downloads
// the 3 exports, meets a real 400, 401, 404 and 429, and prints one JSON object: every answer's body
// as received next to the decoded value serialised again (tests/other_langs/test_go.py compares them
// and checks the rest).
//
//	go run . ROOT TOKEN OTHER_TOKEN
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	lexer "example.com/lexer/activity-client-go"
)

type call struct {
	Name    string `json:"name"`
	Raw     string `json:"raw"`
	Decoded string `json:"decoded"`
}

// recorder keeps a copy of the last answer's body.
type recorder struct {
	last []byte
}

func (r *recorder) RoundTrip(request *http.Request) (*http.Response, error) {
	response, err := http.DefaultTransport.RoundTrip(request)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(response.Body)
	response.Body.Close()
	if err != nil {
		return nil, err
	}
	r.last = data
	response.Body = io.NopCloser(bytes.NewReader(data))
	return response, nil
}

type run struct {
	rec   *recorder
	calls []call
}

func (r *run) record(name string, value any) {
	encoded, err := json.Marshal(value)
	if err != nil {
		fail(fmt.Errorf("%s: re-serialising: %w", name, err))
	}
	r.calls = append(r.calls, call{Name: name, Raw: string(r.rec.last), Decoded: string(encoded)})
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func must[T any](value T, err error) T {
	if err != nil {
		fail(err)
	}
	return value
}

type errorSeen struct {
	Status     int             `json:"status"`
	Body       *lexer.ApiError `json:"body"`
	RetryAfter *float64        `json:"retry_after"`
	Raw        string          `json:"raw"`
}

func expectError(err error) errorSeen {
	var apiErr *lexer.Error
	if !errors.As(err, &apiErr) {
		fail(fmt.Errorf("expected an error answer, got %v", err))
	}
	seen := errorSeen{Status: apiErr.StatusCode, Body: apiErr.Body, Raw: string(apiErr.RawBody)}
	if apiErr.HasRetryAfter {
		seconds := apiErr.RetryAfter.Seconds()
		seen.RetryAfter = &seconds
	}
	return seen
}

type exportSeen struct {
	Type        string `json:"type"`
	FirstStatus string `json:"first_status"`
	Token       string `json:"token"`
	Polls       int    `json:"polls"`
	URL         string `json:"url"`
	CSV         string `json:"csv"`
}

type waitEvent struct {
	Status    *int    `json:"status"`
	JobStatus *string `json:"job_status"`
	WaitMs    int64   `json:"wait_ms"`
}

func main() {
	if len(os.Args) != 4 {
		fail(errors.New("usage: go run . ROOT TOKEN OTHER_TOKEN"))
	}
	root, token, otherToken := os.Args[1], os.Args[2], os.Args[3]
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r := &run{rec: &recorder{}}
	client := func(apiToken string) *lexer.Client {
		c := lexer.NewClient(apiToken)
		c.BaseURL = root + "/v1"
		c.StatusBaseURL = root + "/api/public/v1"
		c.HTTPClient = &http.Client{Transport: r.rec}
		return c
	}
	api := client(token)
	// Date-times are the strings of the wire (their UTC offset kept as written).
	from, to := "2018-04-01T00:00:00Z", "2018-04-30T23:59:59Z"

	r.record("listUsers", must(api.ListUsers(ctx)))
	r.record("listGroups", must(api.ListGroups(ctx)))
	forms := must(api.ListForms(ctx))
	r.record("listForms", forms)
	form := int32(-1) // the last NPS survey (the fixture's first has no submissions in April 2018)
	for _, f := range forms {
		if f.Nps {
			form = f.Id
		}
	}
	if form < 0 {
		fail(errors.New("no NPS form"))
	}
	all := "all" // nps_category is an open string (x-extensible-enum)

	// Each method's answer type is fixed by its report type: these declarations are checked by go build.
	var summary *lexer.SummaryReport = must(api.Summary(ctx, lexer.SummaryRequest{DateFrom: from, DateTo: to}))
	r.record("summary", summary)
	var states map[string][]lexer.StatesVolumePoint = must(api.StatesVolume(ctx, lexer.StatesVolumeRequest{DateFrom: from, DateTo: to}))
	r.record("states_volume", states)
	var workflow []lexer.WorkflowStatesRow = must(api.WorkflowStates(ctx, lexer.WorkflowStatesRequest{DateFrom: from, DateTo: to}))
	r.record("workflow_states", workflow)
	var classifications []lexer.ClassificationsRow = must(api.Classifications(ctx, lexer.ClassificationsRequest{DateFrom: from, DateTo: to}))
	r.record("classifications", classifications)
	var responseVolume *lexer.ResponseVolumeReport = must(api.ResponseVolume(ctx, lexer.ResponseVolumeRequest{DateFrom: from, DateTo: to}))
	r.record("response_volume", responseVolume)
	var userSummary []lexer.UserSummaryRow = must(api.UserSummary(ctx, lexer.UserSummaryRequest{DateFrom: from, DateTo: to}))
	r.record("user_summary", userSummary)
	var userVolume []lexer.UserVolumeRow = must(api.UserVolume(ctx, lexer.UserVolumeRequest{DateFrom: from, DateTo: to}))
	r.record("user_volume", userVolume)
	var caseSummary *lexer.CaseSummaryReport = must(api.CaseSummary(ctx, lexer.CaseSummaryRequest{DateFrom: from, DateTo: to}))
	r.record("case_summary", caseSummary)
	var caseVolume *lexer.CaseVolumeReport = must(api.CaseVolume(ctx, lexer.CaseVolumeRequest{DateFrom: from, DateTo: to}))
	r.record("case_volume", caseVolume)
	var caseClassifications []lexer.CaseClassificationsRow = must(api.CaseClassifications(ctx, lexer.CaseClassificationsRequest{DateFrom: from, DateTo: to}))
	r.record("case_classifications", caseClassifications)
	var npsSummary *lexer.NpsSummaryReport = must(api.NpsSummary(ctx, lexer.NpsSummaryRequest{DateFrom: from, DateTo: to, Form: form, NpsCategory: all}))
	r.record("nps_summary", npsSummary)
	var npsVolume []lexer.NpsVolumeRow = must(api.NpsVolume(ctx, lexer.NpsVolumeRequest{DateFrom: from, DateTo: to, Form: form, NpsCategory: all}))
	r.record("nps_volume", npsVolume)

	type job struct {
		name string
		job  *lexer.ExportJob
	}
	jobs := []job{}
	caseDetails := must(api.CaseDetails(ctx, lexer.CaseDetailsRequest{DateFrom: from, DateTo: to}))
	r.record("case_details", caseDetails)
	jobs = append(jobs, job{"case_details", caseDetails})
	npsSubmissions := must(api.NpsSubmissions(ctx, lexer.NpsSubmissionsRequest{DateFrom: from, DateTo: to, Form: form, NpsCategory: all}))
	r.record("nps_submissions", npsSubmissions)
	jobs = append(jobs, job{"nps_submissions", npsSubmissions})
	mentionSla := must(api.MentionSlaExport(ctx, lexer.MentionSlaExportRequest{DateFrom: from, DateTo: to}))
	r.record("mention_sla_export", mentionSla)
	jobs = append(jobs, job{"mention_sla_export", mentionSla})

	exports := []exportSeen{}
	for _, j := range jobs {
		polls := 0
		complete := must(api.WaitForExport(ctx, j.job.Token, lexer.WaitOptions{
			PollInterval: 100 * time.Millisecond,
			OnPoll: func(event lexer.PollEvent) {
				polls++
				r.record("getReportStatus", event.Job)
			},
		}))
		csv := must(api.DownloadCSV(ctx, complete))
		exports = append(exports, exportSeen{j.name, j.job.Status, j.job.Token, polls, *complete.Url.Get(), string(csv)})
	}
	status := must(api.GetReportStatus(ctx, jobs[0].job.Token))
	r.record("getReportStatus", status)

	errorsSeen := map[string]errorSeen{}
	_, err := api.Summary(ctx, lexer.SummaryRequest{
		DateFrom: "2016-01-01T00:00:00Z",
		DateTo:   "2018-01-01T00:00:00Z",
	})
	errorsSeen["400"] = expectError(err)
	_, err = client("not-a-token").ListUsers(ctx)
	errorsSeen["401"] = expectError(err)
	_, err = api.GetReportStatus(ctx, "no-such-export")
	errorsSeen["404"] = expectError(err)

	// A real 429: the other token's limit used up, then an export of that token waited for.
	other := client(otherToken)
	otherJob := must(other.CaseDetails(ctx, lexer.CaseDetailsRequest{DateFrom: from, DateTo: to}))
	for i := 0; i < 1000; i++ {
		if _, err = other.ListForms(ctx); err != nil {
			break
		}
	}
	errorsSeen["429"] = expectError(err)
	events := []waitEvent{}
	otherComplete := must(other.WaitForExport(ctx, otherJob.Token, lexer.WaitOptions{
		PollInterval: 100 * time.Millisecond,
		OnPoll: func(event lexer.PollEvent) {
			seen := waitEvent{WaitMs: event.Wait.Milliseconds()}
			if event.Err != nil {
				seen.Status = &event.Err.StatusCode
			}
			if event.Job != nil {
				seen.JobStatus = &event.Job.Status
			}
			events = append(events, seen)
		},
	}))

	out := map[string]any{
		"report_types":   lexer.ReportTypes,
		"calls":          r.calls,
		"exports":        exports,
		"status":         status,
		"errors":         errorsSeen,
		"wait_after_429": map[string]any{"events": events, "status": otherComplete.Status},
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fail(err)
	}
}
