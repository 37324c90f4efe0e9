package dev.llmux.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.providers.transport.UpstreamCall;
import dev.llmux.providers.transport.UpstreamRequest;
import dev.llmux.providers.transport.UpstreamRequest.Header;
import dev.llmux.providers.transport.UpstreamResponse;
import dev.llmux.providers.transport.UpstreamTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * JSON-over-HTTP calls on a provider's {@link UpstreamTransport}: one request, the {@link
 * CallOptions} timeouts, errors mapped by a provider-specific function. A call that is not streamed
 * is bounded as a whole by a {@link CallDeadline} ({@code options.timeout()}); a stream by a {@link
 * StreamDeadline}: until the first event the first-chunk timeout, then {@code options.timeout()} as
 * the longest gap without bytes. Both cancel the call, so the timeouts mean the same on every
 * transport.
 */
public final class JsonHttp {
  /** The {@code Content-Type} of JSON request bodies. */
  public static final String JSON = "application/json";

  private static final int MAX_ERROR_BODY = 64 * 1024;

  /** Maps an upstream error answer (status, bounded body text, header lookup). */
  @FunctionalInterface
  public interface ErrorFunction {
    LlmException map(int status, String body, Function<String, String> headers);
  }

  private JsonHttp() {}

  /** OkHttp's validated header list as the transport's. */
  public static List<Header> headers(Headers headers) {
    List<Header> out = new ArrayList<>(headers.size());
    for (int i = 0; i < headers.size(); i++) {
      out.add(new Header(headers.name(i), headers.value(i)));
    }
    return List.copyOf(out);
  }

  /**
   * A JSON POST of {@code body} (serialized with {@link Json#mapper()}, or sent as is when it is a
   * {@code byte[]}) with fixed and per-call headers; a per-call header replaces a fixed one of the
   * same name.
   */
  public static UpstreamRequest post(
      HttpUrl url, List<Header> headers, Object body, CallOptions options) {
    byte[] bytes = body instanceof byte[] b ? b : Json.writeBytes(body);
    return request("POST", url, headers, options)
        .body(UpstreamRequest.Body.bytes(JSON, bytes))
        .build();
  }

  /** A GET with fixed and per-call headers. */
  public static UpstreamRequest get(HttpUrl url, List<Header> headers, CallOptions options) {
    return request("GET", url, headers, options).build();
  }

  private static UpstreamRequest.Builder request(
      String method, HttpUrl url, List<Header> headers, CallOptions options) {
    UpstreamRequest.Builder b = UpstreamRequest.builder(method, url.uri());
    Map<String, String> perCall = options.headers();
    if (perCall.isEmpty()) {
      return b.headers(headers);
    }
    List<String> replaced = new ArrayList<>(perCall.size());
    perCall.keySet().forEach(k -> replaced.add(k.toLowerCase(Locale.ROOT)));
    for (Header h : headers) {
      if (!replaced.contains(h.name().toLowerCase(Locale.ROOT))) {
        b.header(h.name(), h.value());
      }
    }
    perCall.forEach(b::header);
    return b;
  }

  /**
   * Executes {@code request} within {@code options.timeout()} and returns the body of its 2xx
   * answer (never empty), else throws the mapped error.
   */
  public static byte[] executeBytes(
      UpstreamTransport transport,
      UpstreamRequest request,
      CallOptions options,
      ErrorFunction errors) {
    UpstreamCall call = transport.newCall(request, options.connectTimeout(), false);
    CallDeadline deadline = CallDeadline.start(call, options.timeout());
    try (deadline;
        UpstreamResponse response = call.execute()) {
      if (response.status() < 200 || response.status() > 299) {
        throw errorFrom(response, errors);
      }
      byte[] bytes = response.bytes();
      if (bytes.length == 0) {
        throw ErrorMapper.malformed("empty body", response.status(), null);
      }
      return bytes;
    } catch (IOException e) {
      throw ErrorMapper.fromIOException(deadline.timeoutOr(e));
    }
  }

  /** Like {@link #executeBytes}, the body read as a {@code type}. */
  public static <T> T execute(
      UpstreamTransport transport,
      UpstreamRequest request,
      CallOptions options,
      Class<T> type,
      ErrorFunction errors) {
    byte[] bytes = executeBytes(transport, request, options, errors);
    T value;
    try {
      value = Json.mapper().readValue(bytes, type);
    } catch (IOException e) {
      throw ErrorMapper.malformed("not a " + type.getSimpleName() + ": " + e.getMessage(), 200, e);
    }
    if (value == null) {
      throw ErrorMapper.malformed("null body", 200, null);
    }
    return value;
  }

  /**
   * Executes {@code request} within {@code options.timeout()} and reads the JSON answer as a tree.
   */
  public static JsonNode execute(
      UpstreamTransport transport,
      UpstreamRequest request,
      CallOptions options,
      ErrorFunction errors) {
    byte[] bytes = executeBytes(transport, request, options, errors);
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw ErrorMapper.malformed("not JSON: " + e.getMessage(), 200, e);
    }
    if (node == null || !node.isObject()) {
      throw ErrorMapper.malformed("not a JSON object", 200, null);
    }
    return node;
  }

  /**
   * Starts a streamed call: returns once the upstream answered 2xx with an event stream, else
   * throws the mapped error. A JSON body on a success status is read: an error object in it is
   * mapped by {@code streamErrors}, anything else is a malformed answer.
   */
  public static EventChunkStream stream(
      UpstreamTransport transport,
      UpstreamRequest request,
      CallOptions options,
      ErrorFunction errors,
      Function<String, LlmException> streamErrors,
      EventChunkStream.Translator translator) {
    Opened o = open(transport, request, options, errors, streamErrors);
    try {
      return new EventChunkStream(o.call(), o.response(), o.deadline(), translator);
    } catch (IOException e) {
      o.close();
      throw ErrorMapper.fromIOException(e);
    }
  }

  /** Like {@link #stream} for Responses API events. */
  public static ResponseSseStream streamResponses(
      UpstreamTransport transport,
      UpstreamRequest request,
      CallOptions options,
      ErrorFunction errors,
      Function<String, LlmException> streamErrors,
      SseStream.Translator<dev.llmux.api.responses.ResponseStreamEvent> translator) {
    Opened o = open(transport, request, options, errors, streamErrors);
    try {
      return new ResponseSseStream(o.call(), o.response(), o.deadline(), translator);
    } catch (IOException e) {
      o.close();
      throw ErrorMapper.fromIOException(e);
    }
  }

  /** Like {@link #stream} for legacy completion chunks. */
  public static CompletionSseStream streamCompletions(
      UpstreamTransport transport,
      UpstreamRequest request,
      CallOptions options,
      ErrorFunction errors,
      Function<String, LlmException> streamErrors,
      SseStream.Translator<dev.llmux.api.completion.CompletionResponse> translator) {
    Opened o = open(transport, request, options, errors, streamErrors);
    try {
      return new CompletionSseStream(o.call(), o.response(), o.deadline(), translator);
    } catch (IOException e) {
      o.close();
      throw ErrorMapper.fromIOException(e);
    }
  }

  /** A started streamed call whose answer is a 2xx event stream, and its running deadline. */
  public record Opened(UpstreamCall call, UpstreamResponse response, StreamDeadline deadline) {
    /** Ends the call (deadline, response, connection). */
    public void close() {
      deadline.close();
      call.cancel();
      response.close();
    }
  }

  /**
   * Starts a streamed call and returns once a 2xx event stream answered; the first-chunk deadline
   * (connect, headers and the first event) is running. An error status, or a JSON body where events
   * were expected, is thrown mapped.
   */
  public static Opened open(
      UpstreamTransport transport,
      UpstreamRequest request,
      CallOptions options,
      ErrorFunction errors,
      Function<String, LlmException> streamErrors) {
    UpstreamCall call = transport.newCall(request, options.connectTimeout(), true);
    StreamDeadline deadline =
        StreamDeadline.start(call, options.firstChunkTimeout(), options.timeout());
    UpstreamResponse response;
    try {
      response = call.execute();
    } catch (IOException e) {
      deadline.close();
      throw ErrorMapper.fromIOException(deadline.expired() ? timeout(e) : e);
    } catch (RuntimeException e) {
      deadline.close();
      throw e;
    }
    try {
      if (response.status() < 200 || response.status() > 299) {
        throw errorFrom(response, errors);
      }
      String type = response.header("Content-Type");
      if (type != null && isJson(type)) {
        String text = readBounded(response.body());
        if (text.contains("\"error\"")) {
          throw streamErrors.apply(text);
        }
        throw ErrorMapper.malformed(
            "expected an event stream, got " + type + ": " + ErrorMapper.truncate(text),
            response.status(),
            null);
      }
    } catch (IOException e) {
      deadline.close();
      response.close();
      throw ErrorMapper.fromIOException(deadline.expired() ? timeout(e) : e);
    } catch (RuntimeException e) {
      deadline.close();
      response.close();
      throw e;
    }
    return new Opened(call, response, deadline);
  }

  private static boolean isJson(String contentType) {
    int semi = contentType.indexOf(';');
    String mediaType = (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
    return mediaType.toLowerCase(Locale.ROOT).endsWith("json");
  }

  private static IOException timeout(IOException cause) {
    java.io.InterruptedIOException t = new java.io.InterruptedIOException("timeout");
    t.initCause(cause);
    return t;
  }

  /** Reads (a bounded part of) an error answer and maps it; the caller closes the response. */
  public static LlmException errorFrom(UpstreamResponse response, ErrorFunction errors) {
    String text;
    try {
      text = readBounded(response.body());
    } catch (IOException e) {
      text = "";
    }
    return errors.map(response.status(), text, response::header);
  }

  /** Up to 64 KiB of a body as text. */
  static String readBounded(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
