package dev.llmux.bedrock;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.ProviderConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/** WireMock, a fixed signing clock and key, and event-stream frames built with the SDK's codec. */
abstract class BedrockTestSupport {
  static final CallOptions OPTIONS =
      new CallOptions(
          Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Map.of(), "req-1");

  /** AWS's documentation example key pair. */
  static final String ACCESS_KEY = "AKIDEXAMPLE";

  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final Instant NOW = Instant.parse("2025-01-15T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String CLAUDE = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";
  static final String CLAUDE_PATH = "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0";
  static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  static WireMockServer wm;

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

  static ProviderConfig config(Map<String, Object> extraSettings) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("region", "us-east-1");
    s.put("access_key_id", ACCESS_KEY);
    s.put("secret_access_key", SECRET_KEY);
    s.putAll(extraSettings);
    return new ProviderConfig("aws", "bedrock", null, wm.baseUrl(), s);
  }

  static BedrockProvider bedrock() {
    return BedrockProviderFactory.create(config(Map.of()), CLOCK);
  }

  /** One ConverseStream event message, framed as Bedrock frames it. */
  static byte[] event(String eventType, String json) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(":event-type", HeaderValue.fromString(eventType));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString("event"));
    return encode(h, json);
  }

  /** An exception message ({@code :exception-type} such as {@code throttlingException}). */
  static byte[] exception(String exceptionType, String json) {
    Map<String, HeaderValue> h = new LinkedHashMap<>();
    h.put(":exception-type", HeaderValue.fromString(exceptionType));
    h.put(":content-type", HeaderValue.fromString("application/json"));
    h.put(":message-type", HeaderValue.fromString("exception"));
    return encode(h, json);
  }

  static byte[] encode(Map<String, HeaderValue> headers, String payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Message(headers, payload.getBytes(StandardCharsets.UTF_8)).encode(out);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      out.writeBytes(f);
    }
    return out.toByteArray();
  }

  static List<ChatCompletionChunk> drain(ChunkStream stream) {
    List<ChatCompletionChunk> out = new ArrayList<>();
    try (stream) {
      while (stream.hasNext()) {
        out.add(stream.next());
      }
    }
    return out;
  }

  static String content(List<ChatCompletionChunk> chunks) {
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
}
