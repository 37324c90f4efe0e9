package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.CallRecord;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.providers.transport.UpstreamTransports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stream relay: an OpenAI-format upstream's events leave the facade as the upstream's own bytes
 * (unknown fields, spacing and all), each before the upstream sends the next, while the router
 * still reads usage from them. The upstream is a plain socket that writes one event, then waits
 * until the test's client has read it from the facade before writing the next: a facade that
 * buffered would never let the client see event N, and the test would fail at its guard (never a
 * timing assertion: the waits only bound a hang).
 */
class StreamRelayTest {
  /** Unknown fields, odd spacing and a comment line, as an upstream may send them. */
  static final List<String> EVENTS =
      List.of(
          ": upstream comment\ndata: {\"id\":\"c9\",\"object\":\"chat.completion.chunk\",\"created\":1,"
              + "\"model\":\"m-up\",\"system_fingerprint\":\"fp_x\",\"choices\":[{\"index\":0,\"delta\":"
              + "{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],"
              + "\"obfuscation\":\"Zq\"}\n\n",
          "data:  {\"id\":\"c9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m-up\","
              + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}],"
              + "\"x_vendor\":{\"a\":[1,2]}}\n\n",
          "data: {\"id\":\"c9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m-up\","
              + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}\r\n\r\n",
          "data: {\"id\":\"c9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m-up\","
              + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
          "data: {\"id\":\"c9\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m-up\","
              + "\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":3,"
              + "\"total_tokens\":14,\"x_extra\":true}}\n\n");

  static final String DONE = "data: [DONE]\n\n";

  /** An HTTP/1.1 upstream on a plain socket, one event at a time, in step with the test. */
  static final class SteppedUpstream implements AutoCloseable {
    final ServerSocket server;
    final Semaphore mayWrite = new Semaphore(0);
    final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    final AtomicInteger written = new AtomicInteger();
    final Thread thread;

    SteppedUpstream() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      thread = new Thread(this::serve, "stepped-upstream");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void serve() {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        requests.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (String e : EVENTS) {
          if (!mayWrite.tryAcquire(30, TimeUnit.SECONDS)) {
            return; // the test failed; do not hang
          }
          written.incrementAndGet(); // before the bytes can reach anyone
          out.write(e.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
        out.write(DONE.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException | InterruptedException e) {
        // the test reports what it saw
      }
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int c = in.read();
        if (c < 0) {
          break;
        }
        b.write(c);
        matched = (c == '\r' || c == '\n') && "\r\n\r\n".charAt(matched) == c ? matched + 1 : 0;
      }
      return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws Exception {
      mayWrite.release(100);
      server.close();
      thread.join(5000);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "jetty", "jdk"})
  void eventsLeaveAsTheyArriveAsTheUpstreamsBytesAndUsageIsAccounted(String transport)
      throws Exception {
    relay(transport, true);
  }

  /**
   * A caller that did not ask for usage gets every event but the usage chunk (LLMux asked the
   * upstream for it, to account): the router drops that chunk, the others are still relayed.
   */
  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "jetty"})
  void theUsageChunkTheCallerDidNotAskForIsStillStripped(String transport) throws Exception {
    relay(transport, false);
  }

  private void relay(String transport, boolean includeUsage) throws Exception {
    int relayed = includeUsage ? EVENTS.size() : EVENTS.size() - 1;
    List<CallRecord> calls = new CopyOnWriteArrayList<>();
    try (SteppedUpstream upstream = new SteppedUpstream()) {
      String yaml =
          """
          providers:
            - name: up
              type: openai
              api_key: sk-up
              base_url: "http://127.0.0.1:%d/v1"
              transport: %s
              models: [gpt-4o-mini]
          """
              .formatted(upstream.port(), transport);
      LlmRouter router =
          LlmRouter.builder()
              .config(ConfigLoader.parse(yaml, "relay.yaml", Set.of(), Map.of()))
              .callListener(calls::add)
              .build();
      try (router;
          FacadeServer facade =
              new FacadeServer(ServerConfig.builder().port(0).build(), new FacadeMetrics())
                  .router(router)
                  .start()) {
        String body =
            "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                + (includeUsage ? "\"stream_options\":{\"include_usage\":true}," : "")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        upstream.mayWrite.release(); // the first event: the router waits for it before answering
        HttpResponse<InputStream> r =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                    HttpRequest.newBuilder(facade.baseUri().resolve("/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> received = new ArrayList<>();
        try (InputStream in = r.body()) {
          for (int n = 0; n < relayed; n++) {
            String expected = EVENTS.get(n);
            byte[] got = in.readNBytes(expected.getBytes(StandardCharsets.UTF_8).length);
            received.add(new String(got, StandardCharsets.UTF_8));
            // event n reached the client while the upstream had written no further event
            assertThat(upstream.written.get()).as("events written upstream").isEqualTo(n + 1);
            assertThat(received.get(n)).as("event %d byte for byte", n).isEqualTo(expected);
            upstream.mayWrite.release();
          }
          assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(DONE);
        }
        assertThat(upstream.requests.poll(10, TimeUnit.SECONDS))
            .contains("\"stream\":true")
            .contains("\"include_usage\":true");
      }
    }
    Await.until(() -> !calls.isEmpty(), "the call record (written just after the stream's end)");
    assertThat(calls).hasSize(1);
    CallRecord call = calls.get(0);
    assertThat(call.status()).isEqualTo("success");
    assertThat(call.promptTokens()).isEqualTo(11);
    assertThat(call.completionTokens()).isEqualTo(3);
    UpstreamTransports.setDefault(null);
  }
}
