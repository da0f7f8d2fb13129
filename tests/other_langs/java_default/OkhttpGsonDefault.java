// A user's program on openapi-generator's `java` output with DEFAULT options (library okhttp-gson), from
// the codegen edition, against the mock through a recording proxy: all 5 operations and all 15 report
// types. runReport's answer (untyped in the edition: Gson's maps and lists) is converted with the generated
// client's own Gson to the model its request's `x-lexer-response` names, encoded again and printed in call
// order (tests/other_langs/test_java_rust_defaults.py pairs each with the body received).
//
//   java -cp <generated classes and dependencies> OkhttpGsonDefault.java ROOT TOKEN REQUESTS.json [--serialize-nulls]
//
// --serialize-nulls: convert and encode with `JSON.getGson().newBuilder().serializeNulls().create()`; the
// generated Gson drops null fields (a pending job's `"url": null`), and the typed ExportJob then refuses the
// converted tree ("The required field `url` is not found").

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openapitools.client.ApiClient;
import org.openapitools.client.ApiException;
import org.openapitools.client.Configuration;
import org.openapitools.client.JSON;
import org.openapitools.client.api.FormsApi;
import org.openapitools.client.api.GroupsApi;
import org.openapitools.client.api.ReportsApi;
import org.openapitools.client.api.UsersApi;
import org.openapitools.client.auth.ApiKeyAuth;
import org.openapitools.client.model.RunReportRequest;

public class OkhttpGsonDefault {
  static final String MODELS = "org.openapitools.client.model.";
  static final List<Map<String, Object>> calls = new ArrayList<>();

  interface Call {
    Object call() throws Exception;
  }

  static void record(String name, Gson gson, Call call) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    try {
      entry.put("decoded", gson.toJson(call.call()));
    } catch (Exception e) {
      entry.put("decoded", null);
      entry.put("error", e.toString());
    }
    calls.add(entry);
  }

  /** The Java type of an answer schema: a model, a List of rows, or a Map of lists of points. */
  static Type answerType(JsonElement answer) throws ClassNotFoundException {
    String kind = answer.getAsJsonObject().get("kind").getAsString();
    if (kind.equals("object")) {
      return Class.forName(MODELS + answer.getAsJsonObject().get("name").getAsString());
    }
    Type rows = TypeToken.getParameterized(List.class, Class.forName(MODELS + answer.getAsJsonObject().get("item").getAsString())).getType();
    return kind.equals("array") ? rows : TypeToken.getParameterized(Map.class, String.class, rows).getType();
  }

  public static void main(String[] args) throws Exception {
    String root = args[0];
    ApiClient client = Configuration.getDefaultApiClient();
    client.setBasePath(root + "/v1");
    ((ApiKeyAuth) client.getAuthentication("ApiToken")).setApiKey(args[1]);
    // Requests keep the generated Gson (unset optional filters stay out of the body).
    Gson gson = args.length > 3 && args[3].equals("--serialize-nulls")
        ? JSON.getGson().newBuilder().serializeNulls().create()
        : JSON.getGson();
    ReportsApi reports = new ReportsApi(client);
    // getReportStatus names its own servers (the real API's): point it at the same base.
    reports.setCustomBaseUrl(root + "/v1");

    record("listUsers", gson, () -> new UsersApi(client).listUsers());
    record("listGroups", gson, () -> new GroupsApi(client).listGroups());
    record("listForms", gson, () -> new FormsApi(client).listForms());
    String exportToken = null;
    for (JsonElement item : JsonParser.parseString(Files.readString(Path.of(args[2]))).getAsJsonArray()) {
      RunReportRequest request = RunReportRequest.fromJson(item.getAsJsonObject().get("body").toString());
      Type type = answerType(item.getAsJsonObject().get("answer"));
      Object[] answer = {null};
      record(item.getAsJsonObject().get("type").getAsString(), gson, () -> {
        answer[0] = reports.runReport(request);
        return gson.fromJson(gson.toJsonTree(answer[0]), type);
      });
      if (answer[0] instanceof Map && ((Map<?, ?>) answer[0]).get("token") instanceof String) {
        exportToken = (String) ((Map<?, ?>) answer[0]).get("token");
      }
    }
    String statusToken = exportToken;
    record("getReportStatus", gson, () -> reports.getReportStatus(statusToken));

    Map<String, Object> error = new LinkedHashMap<>();
    try {
      reports.runReport(RunReportRequest.fromJson(
          "{\"type\":\"summary\",\"date_from\":\"2016-01-01T00:00:00Z\",\"date_to\":\"2018-01-01T00:00:00Z\"}"));
    } catch (ApiException e) {
      error.put("status", e.getCode());
      error.put("body", JsonParser.parseString(e.getResponseBody()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("calls", calls);
    out.put("error", error);
    System.out.println(gson.toJson(out));
  }
}
