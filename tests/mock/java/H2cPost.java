// Java's default HttpClient on http:// asks for an h2c upgrade on every request; the mock must read
// the POST body anyway and answer over HTTP/1.1. Prints one line per answer: version, status, body.
// Run as a single-file program: java H2cPost.java http://127.0.0.1:PORT TOKEN
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class H2cPost {
    public static void main(String[] args) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String body = "{\"type\": \"case_summary\", \"date_from\": \"2018-04-01T00:00:00+11:00\","
                + " \"date_to\": \"2018-04-30T23:59:59+11:00\"}";
        for (int i = 0; i < 2; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(args[0] + "/v1/activity/reports"))
                    .header("Auth-Api-Token", args[1])
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            System.out.println(response.version() + " " + response.statusCode() + " " + response.body());
        }
    }
}
