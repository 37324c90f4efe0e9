package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.core.Ticker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Facades launched from a YAML file by {@link Main#launch(Path, Main.Options)}, as a fleet of
 * sidecars would be, and the HTTP calls the tests make to them. Closes what it launched.
 */
final class Sidecars implements AutoCloseable {
  static final String MASTER = "sk-fleet-master";

  /**
   * The fake provider's output price, input free: 2^-13 dollars per token, a number a double holds
   * exactly, so that a call with {@code max_tokens: 3} reserves exactly what it costs (the fake
   * answers with 3 completion tokens): $0.0003662109375, 366 211 nano-dollars once rounded.
   */
  static final double OUTPUT_PRICE = 0.0001220703125;

  /** A budget of exactly ten such calls, in USD. */
  static final String TEN_CALLS = "0.00366211";

  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  final List<Main.Launched> launched = new ArrayList<>();
  private final Path file;
  private final Map<String, String> env;

  Sidecars(Path dir, String yaml, Map<String, String> env) throws IOException {
    this.file = dir.resolve("llmux-" + System.nanoTime() + ".yaml");
    Files.writeString(file, yaml);
    this.env = env;
  }

  /** The configuration file the facades are launched from. */
  Path file() {
    return file;
  }

  /** A fake ticker shared by the facades' database caches (floor TTL, key cache). */
  static final class FakeTicker implements Ticker {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  Main.Launched start() throws Exception {
    return start(null);
  }

  Main.Launched start(Ticker ticker) throws Exception {
    Main.Launched l = Main.launch(file, new Main.Options(0, null, env, ticker));
    launched.add(l);
    return l;
  }

  /** Stops one facade as its shutdown hook would (server, router, Redis, database). */
  void stop(Main.Launched l) {
    l.stop();
    launched.remove(l);
  }

  HttpResponse<String> post(
      Main.Launched l, String path, String key, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(l.server().baseUri().resolve(path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  HttpResponse<String> get(Main.Launched l, String path) {
    return send(HttpRequest.newBuilder(l.server().baseUri().resolve(path)).GET().build());
  }

  private HttpResponse<String> send(HttpRequest r) {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A chat body for {@code model}, {@code max_tokens: 3}, with a distinct question. */
  static String chat(String model, String question) {
    return chat(model, question, "");
  }

  /** As {@link #chat(String, String)}, with more members ({@code ,"user":"e1"}). */
  static String chat(String model, String question, String more) {
    return "{\"model\":\""
        + model
        + "\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\""
        + question
        + "\"}]"
        + more
        + "}";
  }

  /** A generated key: its secret and its id ({@code key-...}, the spend log's key). */
  record Key(String secret, String id) {}

  /** Generates a database key through {@code l}'s management API. */
  Key generateKey(Main.Launched l, String json) throws IOException {
    HttpResponse<String> r = post(l, "/key/generate", MASTER, json);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("key/generate: " + r.statusCode() + " " + r.body());
    }
    JsonNode j = Json.mapper().readTree(r.body());
    return new Key(j.path("key").asText(), j.path("token").asText());
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return Json.mapper().readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(r.body(), e);
    }
  }

  static URI uri(String s) {
    return URI.create(s);
  }

  @Override
  public void close() {
    for (Main.Launched l : List.copyOf(launched)) {
      l.stop();
    }
    launched.clear();
  }
}
