// Drives the kit's Java client (build/clients/java, from `make clients`) against the mock.
//
// Calls all 5 operations and all 15 report types through the typed layer, waits for and downloads the 3
// exports, meets a real 400, 401, 404 and 429, and prints one JSON object: every answer's body as received
// next to the decoded value serialised again (tests/other_langs/test_java.py compares them and checks the
// rest). The client runs with its default HttpClient (HTTP/2 preferred: `Upgrade: h2c` on http://).
//
//   java -cp <client jar and its dependencies> ContractCheck.java ROOT TOKEN OTHER_TOKEN

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexer.activity.client.LexerApiException;
import io.lexer.activity.client.LexerClient;
import io.lexer.activity.client.model.*;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class ContractCheck {
  // Date-times are the strings of the wire (their UTC offset kept as written).
  static final String FROM = "2018-04-01T00:00:00Z";
  static final String TO = "2018-04-30T23:59:59Z";
  static final Duration WAIT = Duration.ofMinutes(2);

  final ObjectMapper mapper = LexerClient.defaultObjectMapper();
  final List<Map<String, Object>> calls = new ArrayList<>();
  byte[] last = new byte[0];
  final String root;

  ContractCheck(String root) {
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ContractCheck.java ROOT TOKEN OTHER_TOKEN");
      System.exit(2);
    }
    new ContractCheck(args[0]).run(args[1], args[2]);
  }

  LexerClient client(String token) {
    return LexerClient.builder(token)
        .baseUrl(root + "/v1")
        .statusBaseUrl(root + "/api/public/v1")
        .pollInterval(Duration.ofMillis(100))
        .onResponse(raw -> last = raw.body())
        .build();
  }

  /** The last answer's body as received, next to the decoded value serialised again. */
  <T> T record(String name, T value) throws Exception {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("name", name);
    call.put("raw", new String(last, StandardCharsets.UTF_8));
    call.put("decoded", mapper.writeValueAsString(value));
    calls.add(call);
    return value;
  }

  interface Call {
    Object call() throws Exception;
  }

  Map<String, Object> expectError(Call call) throws Exception {
    try {
      call.call();
    } catch (LexerApiException e) {
      Map<String, Object> seen = new LinkedHashMap<>();
      seen.put("status", e.status());
      seen.put("body", e.apiError().orElse(null));
      seen.put("retry_after", e.retryAfter().map(d -> d.toMillis() / 1000.0).orElse(null));
      seen.put("raw", e.body());
      return seen;
    }
    throw new AssertionError("expected an error answer, the call succeeded");
  }

  void run(String token, String otherToken) throws Exception {
    LexerClient api = client(token);
    record("listUsers", api.listUsers());
    record("listGroups", api.listGroups());
    List<Form> forms = record("listForms", api.listForms());
    // The last NPS survey (the fixture's first has no submissions in April 2018).
    long form = -1;
    for (Form f : forms) {
      if (f.getNps()) {
        form = f.getId();
      }
    }
    if (form < 0) {
      throw new AssertionError("no NPS form");
    }
    String all = "all"; // NpsCategory is an open string

    // Each method's answer type is fixed by its report type: these declarations are checked by javac.
    SummaryReport summary = api.summary(new SummaryRequest().dateFrom(FROM).dateTo(TO));
    record("summary", summary);
    Map<String, List<StatesVolumePoint>> states = api.statesVolume(new StatesVolumeRequest().dateFrom(FROM).dateTo(TO));
    record("states_volume", states);
    List<WorkflowStatesRow> workflow = api.workflowStates(new WorkflowStatesRequest().dateFrom(FROM).dateTo(TO));
    record("workflow_states", workflow);
    List<ClassificationsRow> classifications =
        api.classifications(new ClassificationsRequest().dateFrom(FROM).dateTo(TO));
    record("classifications", classifications);
    ResponseVolumeReport responseVolume = api.responseVolume(new ResponseVolumeRequest().dateFrom(FROM).dateTo(TO));
    record("response_volume", responseVolume);
    List<UserSummaryRow> userSummary = api.userSummary(new UserSummaryRequest().dateFrom(FROM).dateTo(TO));
    record("user_summary", userSummary);
    List<UserVolumeRow> userVolume = api.userVolume(new UserVolumeRequest().dateFrom(FROM).dateTo(TO));
    record("user_volume", userVolume);
    CaseSummaryReport caseSummary = api.caseSummary(new CaseSummaryRequest().dateFrom(FROM).dateTo(TO));
    record("case_summary", caseSummary);
    CaseVolumeReport caseVolume = api.caseVolume(new CaseVolumeRequest().dateFrom(FROM).dateTo(TO));
    record("case_volume", caseVolume);
    List<CaseClassificationsRow> caseClassifications =
        api.caseClassifications(new CaseClassificationsRequest().dateFrom(FROM).dateTo(TO));
    record("case_classifications", caseClassifications);
    NpsSummaryReport npsSummary =
        api.npsSummary(new NpsSummaryRequest().dateFrom(FROM).dateTo(TO).form(form).npsCategory(all));
    record("nps_summary", npsSummary);
    List<NpsVolumeRow> npsVolume =
        api.npsVolume(new NpsVolumeRequest().dateFrom(FROM).dateTo(TO).form(form).npsCategory(all));
    record("nps_volume", npsVolume);
    // Typed reads: a double, a long, a nested model.
    if (!(summary.getAvgResponseTime() >= 0 && caseVolume.getOpen().get(0).getValue() >= 0)) {
      throw new AssertionError("summary figures");
    }

    Map<String, ExportJob> jobs = new LinkedHashMap<>();
    jobs.put("case_details", record("case_details", api.caseDetails(new CaseDetailsRequest().dateFrom(FROM).dateTo(TO))));
    jobs.put("nps_submissions", record("nps_submissions",
        api.npsSubmissions(new NpsSubmissionsRequest().dateFrom(FROM).dateTo(TO).form(form).npsCategory(all))));
    jobs.put("mention_sla_export", record("mention_sla_export",
        api.mentionSlaExport(new MentionSlaExportRequest().dateFrom(FROM).dateTo(TO))));

    List<Map<String, Object>> exports = new ArrayList<>();
    for (Map.Entry<String, ExportJob> entry : jobs.entrySet()) {
      ExportJob job = entry.getValue();
      int[] polls = {0};
      ExportJob complete = api.waitForExport(job, WAIT, event -> {
        polls[0]++;
        try {
          record("getReportStatus", event.job().orElseThrow());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      String csv = new String(api.downloadExport(complete), StandardCharsets.UTF_8);
      Map<String, Object> seen = new LinkedHashMap<>();
      seen.put("type", entry.getKey());
      seen.put("first_status", job.getStatus());
      seen.put("token", job.getToken());
      seen.put("polls", polls[0]);
      seen.put("url", complete.getUrl().toString());
      seen.put("csv", csv);
      exports.add(seen);
    }
    ExportJob status = record("getReportStatus", api.getReportStatus(jobs.get("case_details").getToken()));

    Map<String, Object> errors = new LinkedHashMap<>();
    errors.put("400", expectError(() -> api.summary(
        new SummaryRequest().dateFrom("2016-01-01T00:00:00Z").dateTo("2018-01-01T00:00:00Z"))));
    errors.put("401", expectError(() -> client("not-a-token").listUsers()));
    errors.put("404", expectError(() -> api.getReportStatus("no-such-export")));

    // A real 429: the other token's limit used up, then an export of that token waited for.
    LexerClient other = client(otherToken);
    ExportJob otherJob = other.caseDetails(new CaseDetailsRequest().dateFrom(FROM).dateTo(TO));
    errors.put("429", expectError(() -> {
      for (int i = 0; i < 1000; i++) {
        other.listForms();
      }
      return null;
    }));
    List<Map<String, Object>> events = new ArrayList<>();
    ExportJob otherComplete = other.waitForExport(otherJob, WAIT, event -> {
      Map<String, Object> seen = new LinkedHashMap<>();
      seen.put("status", event.error().map(LexerApiException::status).orElse(null));
      seen.put("job_status", event.job().map(ExportJob::getStatus).orElse(null));
      seen.put("wait_ms", event.waitBeforeNext().toMillis());
      events.add(seen);
    });

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("report_types", LexerClient.REPORT_TYPES);
    out.put("calls", calls);
    out.put("exports", exports);
    out.put("status", status);
    out.put("errors", errors);
    out.put("wait_after_429", Map.of("events", events, "status", otherComplete.getStatus()));
    System.out.println(mapper.writeValueAsString(out));
  }
}
