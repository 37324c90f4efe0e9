package dev.llmux.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.spi.CallOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.AsyncTimeout;
import okio.BufferedSource;

/**
 * JSON-over-HTTP calls on the shared client for providers whose wire is not OpenAI's (anthropic,
 * gemini): one POST, the {@link CallOptions} timeouts, errors mapped by a provider-specific
 * function. Streams use the same timeout technique as the OpenAI provider: until the first event
 * the call timeout is the first-chunk timeout; {@link EventChunkStream} lifts it on the first event
 * and makes {@link CallOptions#timeout()} the gap timeout.
 */
public final class JsonHttp {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final long MAX_ERROR_BODY = 64 * 1024;

  private static final boolean CALL_TIMEOUT_LIFTABLE =
      HttpClients.shared().newCall(new Request.Builder().url("http://localhost/").build()).timeout()
          instanceof AsyncTimeout;

  /** Maps an upstream error answer (status, bounded body text, header lookup). */
  @FunctionalInterface
  public interface ErrorFunction {
    LlmException map(int status, String body, Function<String, String> headers);
  }

  private JsonHttp() {}

  /**
   * A JSON POST of {@code body} (serialized with {@link Json#mapper()}) with fixed and per-call
   * headers.
   */
  public static Request post(HttpUrl url, Headers headers, Object body, CallOptions options) {
    return post(url, headers, Json.writeBytes(body), options);
  }

  /**
   * A JSON POST of already serialized {@code body} bytes (for callers that must sign the exact
   * bytes sent) with fixed and per-call headers.
   */
  public static Request post(HttpUrl url, Headers headers, byte[] body, CallOptions options) {
    Request.Builder b =
        new Request.Builder().url(url).headers(headers).post(RequestBody.create(body, JSON));
    options.headers().forEach(b::header);
    return b.build();
  }

  /**
   * A call (not streamed) with the connect timeout of {@code options} and no read, write or call
   * timeout of OkHttp's: the caller bounds the whole call with {@link CallDeadline#start} ({@code
   * options.timeout()}). Each OkHttp read, write or call timeout is an okio {@link AsyncTimeout},
   * entered and left around every socket read and write (or once per call), each a walk of one
   * JVM-wide sorted list under its lock: with many calls in flight that was the facade's top CPU
   * cost.
   */
  public static Call newCall(Request request, CallOptions options) {
    return HttpClients.withTimeouts(options.connectTimeout(), Duration.ZERO).newCall(request);
  }

  /**
   * Executes {@code request} within {@code options.timeout()} and reads the JSON answer as a tree.
   */
  public static JsonNode execute(Request request, CallOptions options, ErrorFunction errors) {
    Call call = newCall(request, options);
    CallDeadline deadline = CallDeadline.start(call, options.timeout());
    try (deadline;
        Response response = call.execute()) {
      if (!response.isSuccessful()) {
        throw errorFrom(response, errors);
      }
      byte[] bytes = response.body().bytes();
      if (bytes.length == 0) {
        throw ErrorMapper.malformed("empty body", response.code(), null);
      }
      JsonNode node;
      try {
        node = Json.mapper().readTree(bytes);
      } catch (IOException e) {
        throw ErrorMapper.malformed("not JSON: " + e.getMessage(), response.code(), e);
      }
      if (node == null || !node.isObject()) {
        throw ErrorMapper.malformed("not a JSON object", response.code(), null);
      }
      return node;
    } catch (IOException e) {
      throw ErrorMapper.fromIOException(deadline.timeoutOr(e));
    }
  }

  /**
   * Starts a streamed call: returns once the upstream answered 2xx with an event stream, else
   * throws the mapped error. A JSON body on a success status is read: an error object in it is
   * mapped by {@code streamErrors}, anything else is a malformed answer.
   */
  public static EventChunkStream stream(
      Request request,
      CallOptions options,
      ErrorFunction errors,
      Function<String, LlmException> streamErrors,
      EventChunkStream.Translator translator) {
    Opened o = open(request, options, errors, streamErrors);
    return new EventChunkStream(o.call(), o.response(), options.timeout(), translator);
  }

  /** Like {@link #stream} for Responses API events. */
  public static ResponseSseStream streamResponses(
      Request request,
      CallOptions options,
      ErrorFunction errors,
      Function<String, LlmException> streamErrors,
      SseStream.Translator<dev.llmux.api.responses.ResponseStreamEvent> translator) {
    Opened o = open(request, options, errors, streamErrors);
    return new ResponseSseStream(o.call(), o.response(), options.timeout(), translator);
  }

  /** Like {@link #stream} for legacy completion chunks. */
  public static CompletionSseStream streamCompletions(
      Request request,
      CallOptions options,
      ErrorFunction errors,
      Function<String, LlmException> streamErrors,
      SseStream.Translator<dev.llmux.api.completion.CompletionResponse> translator) {
    Opened o = open(request, options, errors, streamErrors);
    return new CompletionSseStream(o.call(), o.response(), options.timeout(), translator);
  }

  /** A started streamed call whose answer is a 2xx event stream; the caller reads and closes it. */
  public record Opened(Call call, Response response) {}

  /**
   * Starts a streamed call and returns once a 2xx event stream answered. Until the first event, the
   * call timeout bounds connect + headers + first event together, and the read timeout is the
   * larger of the two bounds so it never cuts that wait short (on HTTP/1.1 it is also the socket's
   * SO_TIMEOUT, which the body source cannot raise later). The stream reading the body lifts the
   * call timeout after the first event and sets the body's read timeout to {@code
   * options.timeout()}. (Raising only the body source's timeout after a short read timeout does not
   * work on HTTP/1.1.) An error status, or a JSON body where events were expected, is thrown
   * mapped.
   */
  public static Opened open(
      Request request,
      CallOptions options,
      ErrorFunction errors,
      Function<String, LlmException> streamErrors) {
    Duration firstChunk = options.firstChunkTimeout();
    Call call;
    if (CALL_TIMEOUT_LIFTABLE) {
      Duration read = options.timeout().compareTo(firstChunk) >= 0 ? options.timeout() : firstChunk;
      call = HttpClients.withTimeouts(options.connectTimeout(), read).newCall(request);
      call.timeout().timeout(firstChunk.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      call = HttpClients.withTimeouts(options.connectTimeout(), firstChunk).newCall(request);
    }
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw ErrorMapper.fromIOException(e);
    }
    try {
      if (!response.isSuccessful()) {
        throw errorFrom(response, errors);
      }
      MediaType type = response.body().contentType();
      if (type != null && type.subtype().endsWith("json")) {
        String text = readBounded(response.body());
        if (text.contains("\"error\"")) {
          throw streamErrors.apply(text);
        }
        throw ErrorMapper.malformed(
            "expected an event stream, got " + type + ": " + ErrorMapper.truncate(text),
            response.code(),
            null);
      }
    } catch (IOException e) {
      response.close();
      throw ErrorMapper.fromIOException(e);
    } catch (RuntimeException e) {
      response.close();
      throw e;
    }
    return new Opened(call, response);
  }

  /** Reads (a bounded part of) an error answer and maps it; the caller closes the response. */
  public static LlmException errorFrom(Response response, ErrorFunction errors) {
    String text;
    try {
      text = readBounded(response.body());
    } catch (IOException e) {
      text = "";
    }
    return errors.map(response.code(), text, response::header);
  }

  static String readBounded(ResponseBody body) throws IOException {
    BufferedSource source = body.source();
    source.request(MAX_ERROR_BODY);
    long n = Math.min(source.getBuffer().size(), MAX_ERROR_BODY);
    return source.readUtf8(n);
  }
}
