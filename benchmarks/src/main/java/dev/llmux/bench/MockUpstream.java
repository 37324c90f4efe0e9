package dev.llmux.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * An OpenAI-compatible upstream for benchmarks: {@code POST /v1/chat/completions} (JSON, or SSE
 * when the body has {@code "stream": true}), {@code POST /v1/embeddings} and {@code GET /v1/models}
 * (also without {@code /v1}). Answers are fixed bytes prepared once. A latency is waited before the
 * answer (or the first chunk) without holding a thread: the write is scheduled. A stream sends
 * {@code chunks} content chunks {@code chunkInterval} apart, a finish chunk, a usage chunk when the
 * request asks for {@code include_usage}, then {@code [DONE]}. Latency 0 answers at once.
 *
 * <p>Run: {@code java -cp benchmarks.jar dev.llmux.bench.MockUpstream --port 9001 --latency-ms 50
 * --chunks 20 --chunk-interval-ms 10} (binds 127.0.0.1 only).
 */
public final class MockUpstream implements AutoCloseable {

  /** What the mock does; times in microseconds. */
  public record Options(
      String host, int port, long latencyMicros, int chunks, long chunkIntervalMicros) {
    public static Options noDelay() {
      return new Options("127.0.0.1", 0, 0, 20, 0);
    }
  }

  static final byte[] CHAT =
      ("{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion\",\"created\":1700000000,"
              + "\"model\":\"mock-gpt\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
              + "\"content\":\"Hello! This is the benchmark mock answering.\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":9,\"total_tokens\":21}}")
          .getBytes(StandardCharsets.UTF_8);
  static final byte[] EMBEDDINGS =
      ("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,"
              + "\"embedding\":[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8]}],\"model\":\"mock-embed\","
              + "\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}")
          .getBytes(StandardCharsets.UTF_8);
  static final byte[] MODELS =
      ("{\"object\":\"list\",\"data\":[{\"id\":\"mock-gpt\",\"object\":\"model\","
              + "\"created\":1700000000,\"owned_by\":\"llmux-bench\"}]}")
          .getBytes(StandardCharsets.UTF_8);
  private static final String CHUNK_HEAD =
      "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\","
          + "\"created\":1700000000,\"model\":\"mock-gpt\",";
  static final byte[] ROLE_AND_FIRST =
      sse(
          CHUNK_HEAD
              + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"tok \"},\"finish_reason\":null}]}");
  static final byte[] CONTENT =
      sse(
          CHUNK_HEAD
              + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok \"},\"finish_reason\":null}]}");
  static final byte[] FINISH =
      sse(CHUNK_HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
  static final byte[] USAGE =
      sse(
          CHUNK_HEAD
              + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":20,\"total_tokens\":32}}");
  static final byte[] DONE = sse("data: [DONE]");

  private static byte[] sse(String line) {
    return (line + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private final Options options;
  private final Server server;
  private final ServerConnector connector;
  private final ScheduledExecutorService timer;

  public MockUpstream(Options options) {
    this.options = options;
    QueuedThreadPool pool = new QueuedThreadPool(64, 8);
    pool.setName("mock");
    this.server = new Server(pool);
    this.connector = new ServerConnector(server, 1, 1);
    connector.setHost(options.host());
    connector.setPort(options.port());
    connector.setAcceptQueueSize(4096);
    connector.setIdleTimeout(120_000);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            return MockUpstream.this.handle(request, response, callback);
          }
        });
    this.timer =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "mock-timer");
              t.setDaemon(true);
              return t;
            });
  }

  public MockUpstream start() throws Exception {
    server.start();
    return this;
  }

  public int port() {
    return connector.getLocalPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  private boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (path.startsWith("/v1/")) {
      path = path.substring(3);
    }
    String method = request.getMethod();
    if ("GET".equals(method) && path.equals("/models")) {
      json(response, callback, MODELS, 0);
      return true;
    }
    if (!"POST".equals(method)
        || !(path.equals("/chat/completions") || path.equals("/embeddings"))) {
      Response.writeError(request, response, callback, 404);
      return true;
    }
    String body = Content.Source.asString(request, StandardCharsets.UTF_8);
    if (path.equals("/embeddings")) {
      json(response, callback, EMBEDDINGS, options.latencyMicros());
    } else if (isStream(body)) {
      stream(response, callback, body.contains("include_usage"));
    } else {
      json(response, callback, CHAT, options.latencyMicros());
    }
    return true;
  }

  /** Whether the JSON body has {@code "stream"} set to {@code true} (a scan, not a parse). */
  static boolean isStream(String body) {
    int i = body.indexOf("\"stream\"");
    if (i < 0) {
      return false;
    }
    i += 8;
    while (i < body.length()
        && (body.charAt(i) == ' '
            || body.charAt(i) == ':'
            || body.charAt(i) == '\t'
            || body.charAt(i) == '\n'
            || body.charAt(i) == '\r')) {
      i++;
    }
    return body.startsWith("true", i);
  }

  private void json(Response response, Callback callback, byte[] bytes, long delayMicros) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    Runnable write = () -> response.write(true, ByteBuffer.wrap(bytes), callback);
    later(write, delayMicros);
  }

  private void stream(Response response, Callback callback, boolean usage) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    new StreamWriter(response, callback, usage).next(options.latencyMicros());
  }

  private void later(Runnable r, long delayMicros) {
    if (delayMicros <= 0) {
      r.run();
    } else {
      timer.schedule(r, delayMicros, TimeUnit.MICROSECONDS);
    }
  }

  /** Writes one event at a time; the next is scheduled when the previous write completed. */
  private final class StreamWriter implements Callback {
    private final Response response;
    private final Callback done;
    private final boolean usage;
    private int sent;

    StreamWriter(Response response, Callback done, boolean usage) {
      this.response = response;
      this.done = done;
      this.usage = usage;
    }

    void next(long delayMicros) {
      later(this::writeNext, delayMicros);
    }

    private void writeNext() {
      int chunks = Math.max(1, options.chunks());
      if (sent < chunks) {
        byte[] b = sent == 0 ? ROLE_AND_FIRST : CONTENT;
        sent++;
        response.write(false, ByteBuffer.wrap(b), this);
      } else {
        // the tail goes in one write: finish, usage, [DONE]
        int n = FINISH.length + (usage ? USAGE.length : 0) + DONE.length;
        ByteBuffer tail = ByteBuffer.allocate(n).put(FINISH);
        if (usage) {
          tail.put(USAGE);
        }
        tail.put(DONE).flip();
        sent = Integer.MAX_VALUE;
        response.write(true, tail, done);
      }
    }

    @Override
    public void succeeded() {
      next(sent < Math.max(1, options.chunks()) ? options.chunkIntervalMicros() : 0);
    }

    @Override
    public void failed(Throwable x) {
      done.failed(x);
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
    timer.shutdownNow();
  }

  public static void main(String[] args) throws Exception {
    Args a = new Args(args);
    Options o =
        new Options(
            a.get("host", "127.0.0.1"),
            a.integer("port", 9001),
            Math.round(a.decimal("latency-ms", 0) * 1000),
            a.integer("chunks", 20),
            Math.round(a.decimal("chunk-interval-ms", 0) * 1000));
    MockUpstream m = new MockUpstream(o).start();
    System.out.println(
        "mock upstream on "
            + m.baseUrl()
            + " latency="
            + o.latencyMicros()
            + "us chunks="
            + o.chunks()
            + " interval="
            + o.chunkIntervalMicros()
            + "us");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    m.close();
                  } catch (Exception ignored) {
                    // exiting
                  }
                }));
    Thread.currentThread().join();
  }
}
