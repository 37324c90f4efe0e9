package dev.llmux.providers;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One WireMock server per test class, reset before each test; shared by the translating providers'
 * tests.
 */
public abstract class WireMockTestBase {
  public static final CallOptions OPTIONS =
      new CallOptions(
          Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Map.of(), "req-1");

  protected static WireMockServer wm;

  @BeforeAll
  static void startWireMock() {
    wm = new WireMockServer(options().dynamicPort().asynchronousResponseEnabled(false));
    wm.start();
  }

  @AfterAll
  static void stopWireMock() {
    wm.stop();
  }

  @BeforeEach
  void resetWireMock() {
    wm.resetAll();
  }

  /** Drains a stream into a list, closing it. */
  public static List<ChatCompletionChunk> drain(ChunkStream stream) {
    List<ChatCompletionChunk> out = new ArrayList<>();
    try (stream) {
      while (stream.hasNext()) {
        out.add(stream.next());
      }
    }
    return out;
  }

  /** The concatenated content deltas of a chunk list. */
  public static String content(List<ChatCompletionChunk> chunks) {
    StringBuilder sb = new StringBuilder();
    for (ChatCompletionChunk c : chunks) {
      for (var ch : c.choices()) {
        if (ch.delta() != null && ch.delta().content() != null) {
          sb.append(ch.delta().content());
        }
      }
    }
    return sb.toString();
  }

  /** SSE body from (event, data) pairs, each event ended by a blank line. */
  public static String sse(String... eventThenData) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < eventThenData.length; i += 2) {
      if (eventThenData[i] != null) {
        sb.append("event: ").append(eventThenData[i]).append('\n');
      }
      sb.append("data: ").append(eventThenData[i + 1]).append("\n\n");
    }
    return sb.toString();
  }
}
