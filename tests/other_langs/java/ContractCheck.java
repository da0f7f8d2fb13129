// Runs the Java client against the mock: every operation, every report type, the three exports and the
// documented errors; every decoded value must re-serialise to the JSON received. Prints one JSON line
// (what was checked) and exits non-zero on the first failure.
//
// java -cp <client jar and its dependencies> ContractCheck.java BASE_URL TOKEN LIMITED_BASE_URL
// (LIMITED_BASE_URL: a mock started with a rate limit of one request per window).

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lexer.activity.client.LexerApiException;
import io.lexer.activity.client.LexerClient;
import io.lexer.activity.client.RawResponse;
import io.lexer.activity.client.model.*;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class ContractCheck {
  static final String FROM = "2018-04-01T00:00:00+11:00";
  static final String TO = "2018-04-30T23:59:59+11:00";
  static final String EXPORT_FROM = "2019-06-15T00:00:00+11:00";
  static final String EXPORT_TO = "2019-06-30T23:59:59+11:00";

  final List<RawResponse> seen = new ArrayList<>();
  final ObjectMapper mapper = LexerClient.defaultObjectMapper();
  final Map<String, Object> report = new LinkedHashMap<>();
  final List<String> operations = new ArrayList<>();
  final List<String> reports = new ArrayList<>();
  final List<String> exports = new ArrayList<>();
  final List<Object> errors = new ArrayList<>();
  int roundTrips = 0;

  public static void main(String[] args) throws Exception {
    new ContractCheck().run(args[0], args[1], args[2]);
  }

  LexerClient client(String base, String token) {
    // Default HttpClient settings (HTTP/2 preferred: `Upgrade: h2c` on http://).
    return LexerClient.builder(token).baseUrl(base).pollInterval(Duration.ofMillis(100)).onResponse(seen::add).build();
  }

  /** The decoded value, serialised again, must be the JSON of the last answer received. */
  <T> T same(String what, T value) throws Exception {
    RawResponse last = seen.get(seen.size() - 1);
    JsonNode received = mapper.readTree(last.body());
    JsonNode again = mapper.readTree(mapper.writeValueAsBytes(value));
    if (!received.equals(ContractCheck::compareNodes, again)) {
      throw new AssertionError(what + ": re-serialised\n  " + again + "\nis not the JSON received\n  " + received);
    }
    if (received.isEmpty()) {
      throw new AssertionError(what + ": the mock answered an empty " + received.getNodeType() + "; nothing was checked");
    }
    roundTrips++;
    return value;
  }

  void run(String base, String token, String limited) throws Exception {
    LexerClient lexer = client(base, token);

    same("listUsers", lexer.listUsers());
    same("listGroups", lexer.listGroups());
    List<Form> forms = same("listForms", lexer.listForms());
    operations.add("listUsers");
    operations.add("listGroups");
    operations.add("listForms");
    long form = forms.stream().filter(Form::getNps).findFirst().orElseThrow().getId();

    // One call per report type, each typed by its request.
    SummaryReport summary = same("summary", lexer.summary(new SummaryRequest().dateFrom(FROM).dateTo(TO)));
    reports.add("summary");
    // An answer with a field this client does not know still decodes, the known fields unchanged.
    com.fasterxml.jackson.databind.node.ObjectNode extended =
        (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(seen.get(seen.size() - 1).body());
    extended.put("a_field_added_later", 1);
    SummaryReport tolerant = lexer.objectMapper().treeToValue(extended, SummaryReport.class);
    check(tolerant.equals(summary), "an unknown answer field is ignored");
    Map<String, List<StatesVolumePoint>> states =
        same("states_volume", lexer.statesVolume(new StatesVolumeRequest().dateFrom(FROM).dateTo(TO)));
    reports.add("states_volume");
    List<WorkflowStatesRow> workflow =
        same("workflow_states", lexer.workflowStates(new WorkflowStatesRequest().dateFrom(FROM).dateTo(TO)));
    reports.add("workflow_states");
    List<ClassificationsRow> classifications =
        same("classifications", lexer.classifications(new ClassificationsRequest().dateFrom(FROM).dateTo(TO)));
    reports.add("classifications");
    ResponseVolumeReport responseVolume =
        same("response_volume", lexer.responseVolume(new ResponseVolumeRequest().dateFrom(FROM).dateTo(TO)));
    reports.add("response_volume");
    List<UserSummaryRow> team =
        same("user_summary", lexer.userSummary(new UserSummaryRequest().dateFrom(FROM).dateTo(TO)));
    reports.add("user_summary");
    List<UserVolumeRow> teamVolume =
        same("user_volume", lexer.userVolume(new UserVolumeRequest().dateFrom(FROM).dateTo(TO)));
    reports.add("user_volume");
    CaseSummaryReport cases = same("case_summary", lexer.caseSummary(new CaseSummaryRequest().dateFrom(FROM).dateTo(TO)));
    reports.add("case_summary");
    CaseVolumeReport caseVolume = same("case_volume", lexer.caseVolume(new CaseVolumeRequest().dateFrom(FROM).dateTo(TO)));
    reports.add("case_volume");
    List<CaseClassificationsRow> caseClasses = same(
        "case_classifications",
        lexer.caseClassifications(new CaseClassificationsRequest().dateFrom(FROM).dateTo(TO)));
    reports.add("case_classifications");
    NpsSummaryReport nps = same(
        "nps_summary",
        lexer.npsSummary(new NpsSummaryRequest().dateFrom(FROM).dateTo(TO).form(form).npsCategory(NpsCategory.ALL)));
    reports.add("nps_summary");
    List<NpsVolumeRow> npsVolume = same(
        "nps_volume",
        lexer.npsVolume(new NpsVolumeRequest().dateFrom(FROM).dateTo(TO).form(form).npsCategory(NpsCategory.ALL)));
    reports.add("nps_volume");

    // A value of each, read through its own type (what a cast or a Map would not give).
    check(summary.getAvgResponseTime() > 0 && summary.getTotalVolume() > 0, "summary figures");
    check(states.values().stream().allMatch(s -> !s.isEmpty()), "states_volume series");
    check(workflow.get(0).getVolume() >= 0 && classifications.get(0).getClassificationId() > 0, "rows");
    check(responseVolume.getAvgResponseTime().get(0).getDateRange().getDateFrom().length() == 16, "date_range");
    check(team.get(0).getFractionRespondedTo() >= 0 && teamVolume.get(0).getStates().getAllStates() >= 0, "team");
    check(cases.getTotalCases() >= 0 && caseVolume.getOpen().size() > 0 && caseClasses.size() > 0, "cases");
    check(nps.getNpsScore() >= -100 && npsVolume.get(0).getData().getTotalSent() >= 0, "nps");

    // The three exports: start, wait (polls while pending), status, download.
    List<ExportJob> jobs = new ArrayList<>();
    jobs.add(same("case_details", lexer.caseDetails(new CaseDetailsRequest().dateFrom(EXPORT_FROM).dateTo(EXPORT_TO))));
    reports.add("case_details");
    jobs.add(same(
        "nps_submissions",
        lexer.npsSubmissions(
            new NpsSubmissionsRequest().dateFrom(EXPORT_FROM).dateTo(EXPORT_TO).form(form).npsCategory(NpsCategory.ALL))));
    reports.add("nps_submissions");
    jobs.add(same(
        "mention_sla_export",
        lexer.mentionSlaExport(new MentionSlaExportRequest().dateFrom(EXPORT_FROM).dateTo(EXPORT_TO))));
    reports.add("mention_sla_export");
    String[] exportTypes = {"case_details", "nps_submissions", "mention_sla_export"};
    for (int i = 0; i < jobs.size(); i++) {
      ExportJob started = jobs.get(i);
      check(started.getStatus() == ExportJob.StatusEnum.PENDING && started.getUrl() == null, "a pending job");
      ExportJob done = same(exportTypes[i] + " wait", lexer.waitForExport(started));
      check(done.getStatus() == ExportJob.StatusEnum.COMPLETE && done.getUrl() != null, "a complete job");
      same("getReportStatus", lexer.getReportStatus(done.getToken()));
      String csv = new String(lexer.downloadExport(done), StandardCharsets.UTF_8);
      check(csv.contains(",") && csv.contains("\n"), exportTypes[i] + " CSV");
      exports.add(exportTypes[i]);
    }
    operations.add("runReport");
    operations.add("getReportStatus");

    // Errors, as the API answers them.
    expect(400, "Invalid report - date range is too long",
        () -> lexer.summary(new SummaryRequest().dateFrom("2017-01-01T00:00:00+11:00").dateTo(TO)));
    expect(401, "Unauthorized - api token not matching", () -> client(base, "not-a-token").listUsers());
    expect(404, "Not found", () -> lexer.getReportStatus("no-such-export"));

    LexerClient throttled = client(limited, token);
    ExportJob job = throttled.caseDetails(new CaseDetailsRequest().dateFrom(EXPORT_FROM).dateTo(EXPORT_TO));
    LexerApiException limit = expect(429, "Rate limited exceeded", throttled::listGroups);
    check(limit.retryAfter().isPresent() && !limit.retryAfter().get().isZero(), "Retry-After on the 429");
    // waitForExport meets the same 429, waits as Retry-After says, and polls again.
    int before = seen.size();
    ExportJob done = throttled.waitForExport(job, Duration.ofSeconds(60));
    check(done.getStatus() == ExportJob.StatusEnum.COMPLETE, "export completed after a 429");
    check(seen.subList(before, seen.size()).stream().anyMatch(r -> r.status() == 429), "the wait met a 429");

    report.put("operations", operations);
    report.put("reports", reports);
    report.put("exports", exports);
    report.put("errors", errors);
    report.put("round_trips", roundTrips);
    report.put("unknown_field_tolerated", true);
    System.out.println(mapper.writeValueAsString(report));
  }

  /**
   * JSON equality: numbers are equal when their values are (`10` is `10.0`; doubles compared exactly,
   * bit for bit), everything else as Jackson compares it.
   */
  static int compareNodes(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      if (a.isIntegralNumber() && b.isIntegralNumber()) {
        return a.bigIntegerValue().compareTo(b.bigIntegerValue());
      }
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    return a.equals(b) ? 0 : 1;
  }

  interface Call {
    Object call() throws Exception;
  }

  LexerApiException expect(int status, String error, Call call) throws Exception {
    try {
      call.call();
    } catch (LexerApiException e) {
      check(e.status() == status, "status " + e.status() + ", expected " + status + ": " + e.getMessage());
      check(e.error().orElse("").equals(error), "error " + e.error() + ", expected " + error);
      check(e.apiMessage().isPresent() && !e.apiMessage().get().isEmpty(), "a message with " + status);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("status", e.status());
      entry.put("error", e.error().orElse(null));
      entry.put("retry_after", e.retryAfter().map(Duration::toSeconds).orElse(null));
      errors.add(entry);
      return e;
    }
    throw new AssertionError("expected HTTP " + status + " " + error + ", the call succeeded");
  }

  static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("check failed: " + what);
    }
  }
}
