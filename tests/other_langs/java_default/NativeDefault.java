// A user's program on openapi-generator's `java` output with library `native` and otherwise DEFAULT options,
// from the codegen edition, against the mock through a recording proxy: all 5 operations and all 15 report
// types. runReport's answer (untyped in the edition: Jackson's Map/List) is converted with the generated
// client's own ObjectMapper to the model its request's `x-lexer-response` names, encoded again and printed
// in call order (tests/other_langs/test_java_rust_defaults.py pairs each with the body received).
//
//   java -cp <generated classes and dependencies> NativeDefault.java ROOT TOKEN REQUESTS.json

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openapitools.client.ApiClient;
import org.openapitools.client.ApiException;
import org.openapitools.client.api.FormsApi;
import org.openapitools.client.api.GroupsApi;
import org.openapitools.client.api.ReportsApi;
import org.openapitools.client.api.UsersApi;
import org.openapitools.client.model.RunReportRequest;

public class NativeDefault {
  static final String MODELS = "org.openapitools.client.model.";
  static final List<Map<String, Object>> calls = new ArrayList<>();

  interface Call {
    Object call() throws Exception;
  }

  static void record(String name, ObjectMapper mapper, Call call) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    try {
      entry.put("decoded", mapper.writeValueAsString(call.call()));
    } catch (Exception e) {
      entry.put("decoded", null);
      entry.put("error", e.toString());
    }
    calls.add(entry);
  }

  /** The Java type of an answer schema: a model, a List of rows, or a Map of lists of points. */
  static JavaType answerType(ObjectMapper mapper, JsonNode answer) throws ClassNotFoundException {
    String kind = answer.get("kind").asText();
    if (kind.equals("object")) {
      return mapper.getTypeFactory().constructType(Class.forName(MODELS + answer.get("name").asText()));
    }
    JavaType rows = mapper.getTypeFactory().constructCollectionType(List.class, Class.forName(MODELS + answer.get("item").asText()));
    if (kind.equals("array")) {
      return rows;
    }
    return mapper.getTypeFactory().constructMapType(Map.class, mapper.getTypeFactory().constructType(String.class), rows);
  }

  public static void main(String[] args) throws Exception {
    String root = args[0];
    String token = args[1];
    ApiClient client = new ApiClient();
    client.updateBaseUri(root + "/v1");
    // The native library has no API-key setting: the header goes on every request.
    client.setRequestInterceptor(builder -> builder.header("Auth-Api-Token", token));
    ObjectMapper mapper = client.getObjectMapper();
    ReportsApi reports = new ReportsApi(client);

    record("listUsers", mapper, () -> new UsersApi(client).listUsers());
    record("listGroups", mapper, () -> new GroupsApi(client).listGroups());
    record("listForms", mapper, () -> new FormsApi(client).listForms());
    String exportToken = null;
    for (JsonNode item : mapper.readTree(Files.readString(Path.of(args[2])))) {
      RunReportRequest request = mapper.treeToValue(item.get("body"), RunReportRequest.class);
      JavaType type = answerType(mapper, item.get("answer"));
      Object[] answer = {null};
      record(item.get("type").asText(), mapper, () -> {
        answer[0] = reports.runReport(request);
        return mapper.convertValue(answer[0], type);
      });
      if (answer[0] instanceof Map && ((Map<?, ?>) answer[0]).get("token") instanceof String) {
        exportToken = (String) ((Map<?, ?>) answer[0]).get("token");
      }
    }
    String statusToken = exportToken;
    record("getReportStatus", mapper, () -> reports.getReportStatus(statusToken));

    Map<String, Object> error = new LinkedHashMap<>();
    try {
      reports.runReport(mapper.readValue(
          "{\"type\":\"summary\",\"date_from\":\"2016-01-01T00:00:00Z\",\"date_to\":\"2018-01-01T00:00:00Z\"}",
          RunReportRequest.class));
    } catch (ApiException e) {
      error.put("status", e.getCode());
      error.put("body", mapper.readTree(e.getResponseBody()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("calls", calls);
    out.put("error", error);
    System.out.println(mapper.writeValueAsString(out));
  }
}
