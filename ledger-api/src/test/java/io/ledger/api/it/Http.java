package io.ledger.api.it;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for the end-to-end tests: real sockets, real headers, real JSON. */
public final class Http {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, JsonNode body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String text(String field) {
            JsonNode node = body.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }

        public String code() {
            return text("code");
        }
    }

    public Response get(String path, String token) {
        return get(path, token, Map.of());
    }

    public Response get(String path, String token, Map<String, String> headers) {
        return send(request(path, token, headers).GET());
    }

    public Response post(String path, String token, String json, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, token, headers);
        if (!headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        return send(request.POST(json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response request(String method, String path, String token) {
        return send(request(path, token, Map.of()).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    public Response put(String path, String token, String json) {
        return send(request(path, token, Map.of("Content-Type", "application/json"))
                .PUT(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)));
    }

    public Response post(String path, String token, String json) {
        return post(path, token, json, Map.of());
    }

    private HttpRequest.Builder request(String path, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return request;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            boolean json = type.contains("json") && !type.contains("ndjson");
            JsonNode body = response.body().isEmpty() || !json ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
