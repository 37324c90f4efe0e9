package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An OpenAI-compatible upstream on 127.0.0.1 (ephemeral port) that answers {@code POST
 * /v1/chat/completions} after a real, switchable delay: a JSON completion with {@code usage}, or an
 * SSE stream whose first chunk comes after the delay (then a few chunks, a usage chunk when asked,
 * {@code [DONE]}). It counts every request it answers, with the time of arrival on a clock the test
 * gives (the router's, where possible), the most requests it held at once, and the tokens it
 * reported. It can fail the next requests ({@link #failNext}) and answer one request slowly ({@link
 * #coldOnce}). The delay is a sleep on Jetty's request thread (a blocking handler), so concurrent
 * requests each wait their own delay.
 */
final class LatencyUpstream implements AutoCloseable {
  private final String name;
  private final Server server;
  private final ServerConnector connector;
  private final LongSupplier clockMillis;
  private volatile long delayMillis;
  private final AtomicLong coldMillis = new AtomicLong();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int failureStatus = 500;
  private volatile int completionTokens = 10;
  private volatile int promptTokens = 12;
  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final List<long[]> arrivals = new ArrayList<>(); // {millis, tokens}

  LatencyUpstream(String name, long delayMillis) throws Exception {
    this(name, delayMillis, System::currentTimeMillis);
  }

  LatencyUpstream(String name, long delayMillis, LongSupplier clockMillis) throws Exception {
    this.name = name;
    this.delayMillis = delayMillis;
    this.clockMillis = clockMillis;
    QueuedThreadPool pool = new QueuedThreadPool(64, 4);
    pool.setName("upstream-" + name);
    server = new Server(pool);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract.NonBlocking() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            // blocking work on a pool thread: the connector's selector must never sleep
            request
                .getComponents()
                .getThreadPool()
                .execute(() -> serve(request, response, callback));
            return true;
          }
        });
    server.start();
  }

  String name() {
    return name;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + connector.getLocalPort() + "/v1";
  }

  LatencyUpstream delay(long millis) {
    this.delayMillis = millis;
    return this;
  }

  /**
   * The next answer takes {@code millis} instead of the delay, once: the first call of a process or
   * on a new connection (class loading, JIT, connect) as seen from the router.
   */
  LatencyUpstream coldOnce(long millis) {
    coldMillis.set(millis);
    return this;
  }

  /** The next {@code n} requests are answered with {@code status} and an OpenAI error body. */
  LatencyUpstream failNext(int n, int status) {
    this.failureStatus = status;
    failures.set(n);
    return this;
  }

  LatencyUpstream completionTokens(int tokens) {
    this.completionTokens = tokens;
    return this;
  }

  LatencyUpstream promptTokens(int tokens) {
    this.promptTokens = tokens;
    return this;
  }

  int hits() {
    return hits.get();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  /** The arrival times (clock millis) of the requests answered so far. */
  synchronized List<Long> arrivalMillis() {
    List<Long> out = new ArrayList<>(arrivals.size());
    for (long[] a : arrivals) {
      out.add(a[0]);
    }
    return out;
  }

  /**
   * The most requests and tokens (prompt + completion) this upstream served within any window of
   * {@code windowMillis} (sliding, starting at each arrival), as {@code {requests, tokens}}.
   */
  synchronized long[] busiestWindow(long windowMillis) {
    long bestRequests = 0;
    long bestTokens = 0;
    for (int i = 0; i < arrivals.size(); i++) {
      long start = arrivals.get(i)[0];
      long requests = 0;
      long tokens = 0;
      for (long[] a : arrivals) {
        if (a[0] >= start && a[0] < start + windowMillis) {
          requests++;
          tokens += a[1];
        }
      }
      bestRequests = Math.max(bestRequests, requests);
      bestTokens = Math.max(bestTokens, tokens);
    }
    return new long[] {bestRequests, bestTokens};
  }

  synchronized void reset() {
    hits.set(0);
    maxInFlight.set(0);
    arrivals.clear();
  }

  private void serve(Request request, Response response, Callback callback) {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      String body = Content.Source.asString(request, StandardCharsets.UTF_8);
      JsonNode req = Json.read(body, JsonNode.class);
      String model = req.path("model").asText("model");
      boolean stream = req.path("stream").asBoolean(false);
      boolean usage = req.path("stream_options").path("include_usage").asBoolean(false);
      int completion = completionTokens;
      int prompt = promptTokens;
      synchronized (this) {
        arrivals.add(new long[] {clockMillis.getAsLong(), prompt + completion});
      }
      hits.incrementAndGet();
      long cold = coldMillis.getAndSet(0);
      sleep(cold > 0 ? cold : delayMillis);
      if (failures.getAndUpdate(f -> Math.max(0, f - 1)) > 0) {
        byte[] error =
            ("{\"error\":{\"message\":\"upstream failure\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":null}}")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(failureStatus);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
          out.write(error);
        }
        callback.succeeded();
        return;
      }
      response.setStatus(200);
      if (!stream) {
        byte[] json = chatJson(model, prompt, completion);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
          out.write(json);
        }
      } else {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
          out.write(chunk(model, "{\"role\":\"assistant\",\"content\":\"" + name + "\"}", null));
          out.flush();
          out.write(chunk(model, "{\"content\":\" ok\"}", null));
          out.write(chunk(model, "{}", "stop"));
          if (usage) {
            out.write(
                sse(
                    "{\"id\":\"chatcmpl-"
                        + name
                        + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\""
                        + model
                        + "\",\"choices\":[],\"usage\":"
                        + usageJson(prompt, completion)
                        + "}"));
          }
          out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
      }
      callback.succeeded();
    } catch (Throwable t) {
      callback.failed(t);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private byte[] chatJson(String model, int prompt, int completion) {
    return ("{\"id\":\"chatcmpl-"
            + name
            + "\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\""
            + model
            + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"from "
            + name
            + "\"},\"finish_reason\":\"stop\"}],\"usage\":"
            + usageJson(prompt, completion)
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String usageJson(int prompt, int completion) {
    return "{\"prompt_tokens\":"
        + prompt
        + ",\"completion_tokens\":"
        + completion
        + ",\"total_tokens\":"
        + (prompt + completion)
        + "}";
  }

  private byte[] chunk(String model, String delta, String finish) {
    return sse(
        "{\"id\":\"chatcmpl-"
            + name
            + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
            + model
            + "\",\"choices\":[{\"index\":0,\"delta\":"
            + delta
            + ",\"finish_reason\":"
            + (finish == null ? "null" : "\"" + finish + "\"")
            + "}]}");
  }

  private static byte[] sse(String data) {
    return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(long millis) throws InterruptedException {
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
