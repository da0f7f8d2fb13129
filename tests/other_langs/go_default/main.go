// A user's program on the go generator's output with DEFAULT options from the codegen edition
// (build/openapi.codegen.yaml), against the mock: all 5 operations and all 15 report types. runReport's
// answer (untyped in the edition) is converted to the model its request's `x-lexer-response` names with
// encoding/json (the model's own strict UnmarshalJSON), encoded again, and printed next to the body
// received (tests/other_langs/test_codegen_edition.py compares them).
//
//	go run . ROOT TOKEN
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"

	gen "github.com/GIT_USER_ID/GIT_REPO_ID"
)

type call struct {
	Name    string  `json:"name"`
	Raw     string  `json:"raw"`
	Decoded *string `json:"decoded"`
	Error   string  `json:"error,omitempty"`
}

var calls []call

func body(response *http.Response) string {
	if response == nil {
		return ""
	}
	data, _ := io.ReadAll(response.Body) // the generated client leaves the body readable
	return string(data)
}

func record(name string, response *http.Response, value any, err error) {
	c := call{Name: name, Raw: body(response)}
	if err == nil {
		var encoded []byte
		if encoded, err = json.Marshal(value); err == nil {
			text := string(encoded)
			c.Decoded = &text
		}
	}
	if err != nil {
		c.Error = err.Error()
	}
	calls = append(calls, c)
}

// into converts runReport's untyped answer to the model T.
func into[T any](answer any) (any, error) {
	data, err := json.Marshal(answer)
	if err != nil {
		return nil, err
	}
	var value T
	err = json.Unmarshal(data, &value)
	return value, err
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run . ROOT TOKEN")
		os.Exit(2)
	}
	root, token := os.Args[1], os.Args[2]
	cfg := gen.NewConfiguration()
	cfg.Servers = gen.ServerConfigurations{{URL: root + "/v1"}}
	// getReportStatus names its own servers.
	cfg.OperationServers = map[string]gen.ServerConfigurations{
		"ReportsAPIService.GetReportStatus": {{URL: root + "/api/public/v1"}},
	}
	api := gen.NewAPIClient(cfg)
	ctx := context.WithValue(context.Background(), gen.ContextAPIKeys, map[string]gen.APIKey{"ApiToken": {Key: token}})

	users, response, err := api.UsersAPI.ListUsers(ctx).Execute()
	record("listUsers", response, users, err)
	groups, response, err := api.GroupsAPI.ListGroups(ctx).Execute()
	record("listGroups", response, groups, err)
	forms, response, err := api.FormsAPI.ListForms(ctx).Execute()
	record("listForms", response, forms, err)
	var form int32
	for _, f := range forms {
		if f.Nps {
			form = f.Id
		}
	}
	from, to, all := "2018-04-01T00:00:00Z", "2018-04-30T23:59:59Z", "all"
	reports := []struct {
		name    string
		request gen.RunReportRequest
		convert func(any) (any, error)
	}{
		{"summary", gen.SummaryRequestAsRunReportRequest(&gen.SummaryRequest{Type: "summary", DateFrom: from, DateTo: to}), into[gen.SummaryReport]},
		{"states_volume", gen.StatesVolumeRequestAsRunReportRequest(&gen.StatesVolumeRequest{Type: "states_volume", DateFrom: from, DateTo: to}), into[map[string][]gen.StatesVolumePoint]},
		{"workflow_states", gen.WorkflowStatesRequestAsRunReportRequest(&gen.WorkflowStatesRequest{Type: "workflow_states", DateFrom: from, DateTo: to}), into[[]gen.WorkflowStatesRow]},
		{"classifications", gen.ClassificationsRequestAsRunReportRequest(&gen.ClassificationsRequest{Type: "classifications", DateFrom: from, DateTo: to}), into[[]gen.ClassificationsRow]},
		{"response_volume", gen.ResponseVolumeRequestAsRunReportRequest(&gen.ResponseVolumeRequest{Type: "response_volume", DateFrom: from, DateTo: to}), into[gen.ResponseVolumeReport]},
		{"user_summary", gen.UserSummaryRequestAsRunReportRequest(&gen.UserSummaryRequest{Type: "user_summary", DateFrom: from, DateTo: to}), into[[]gen.UserSummaryRow]},
		{"user_volume", gen.UserVolumeRequestAsRunReportRequest(&gen.UserVolumeRequest{Type: "user_volume", DateFrom: from, DateTo: to}), into[[]gen.UserVolumeRow]},
		{"case_summary", gen.CaseSummaryRequestAsRunReportRequest(&gen.CaseSummaryRequest{Type: "case_summary", DateFrom: from, DateTo: to}), into[gen.CaseSummaryReport]},
		{"case_volume", gen.CaseVolumeRequestAsRunReportRequest(&gen.CaseVolumeRequest{Type: "case_volume", DateFrom: from, DateTo: to}), into[gen.CaseVolumeReport]},
		{"case_classifications", gen.CaseClassificationsRequestAsRunReportRequest(&gen.CaseClassificationsRequest{Type: "case_classifications", DateFrom: from, DateTo: to}), into[[]gen.CaseClassificationsRow]},
		{"case_details", gen.CaseDetailsRequestAsRunReportRequest(&gen.CaseDetailsRequest{Type: "case_details", DateFrom: from, DateTo: to}), into[gen.ExportJob]},
		{"nps_summary", gen.NpsSummaryRequestAsRunReportRequest(&gen.NpsSummaryRequest{Type: "nps_summary", DateFrom: from, DateTo: to, Form: form, NpsCategory: all}), into[gen.NpsSummaryReport]},
		{"nps_volume", gen.NpsVolumeRequestAsRunReportRequest(&gen.NpsVolumeRequest{Type: "nps_volume", DateFrom: from, DateTo: to, Form: form, NpsCategory: all}), into[[]gen.NpsVolumeRow]},
		{"nps_submissions", gen.NpsSubmissionsRequestAsRunReportRequest(&gen.NpsSubmissionsRequest{Type: "nps_submissions", DateFrom: from, DateTo: to, Form: form, NpsCategory: all}), into[gen.ExportJob]},
		{"mention_sla_export", gen.MentionSlaExportRequestAsRunReportRequest(&gen.MentionSlaExportRequest{Type: "mention_sla_export", DateFrom: from, DateTo: to}), into[gen.ExportJob]},
	}
	exportToken := ""
	for _, report := range reports {
		answer, response, err := api.ReportsAPI.RunReport(ctx).RunReportRequest(report.request).Execute()
		var value any
		if err == nil {
			value, err = report.convert(answer)
		}
		record(report.name, response, value, err)
		if job, ok := value.(gen.ExportJob); ok && report.name == "case_details" {
			exportToken = job.Token
		}
	}
	job, response, err := api.ReportsAPI.GetReportStatus(ctx).Token(exportToken).Execute()
	record("getReportStatus", response, job, err)

	tooLong := gen.SummaryRequestAsRunReportRequest(&gen.SummaryRequest{Type: "summary", DateFrom: "2016-01-01T00:00:00Z", DateTo: "2018-01-01T00:00:00Z"})
	_, response, err = api.ReportsAPI.RunReport(ctx).RunReportRequest(tooLong).Execute()
	var apiErr *gen.GenericOpenAPIError
	seen := map[string]any{"status": nil, "body": nil}
	if errors.As(err, &apiErr) && response != nil {
		seen["status"] = response.StatusCode
		seen["body"] = apiErr.Model()
	}
	if err := json.NewEncoder(os.Stdout).Encode(map[string]any{"calls": calls, "error": seen}); err != nil {
		os.Exit(1)
	}
}
