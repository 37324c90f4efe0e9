package dev.llmux.facade;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.core.ChatStream;
import dev.llmux.core.CompletionStream;
import dev.llmux.core.ResponseStream;
import dev.llmux.core.RouteResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a started stream as Server-Sent Events: status 200 and the headers from its first result,
 * then each event as it arrives (one write per event), then the framing's end. An error after the
 * start is one error event, then the end of the response (no terminator). The stream is closed
 * once, by whichever side notices first: the end of the stream, a failed write, or Jetty failing
 * the request (connection closed, idle timeout); a cut stream is counted in the metrics and ends
 * the request with {@link ClientGoneException}. Two framings: chat completions' (also used for
 * legacy completions) and the Responses API's.
 */
final class SseWriter {
  private static final Logger log = LoggerFactory.getLogger(SseWriter.class);

  static final String EVENT_STREAM = "text/event-stream";

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEWLINE = "\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOTHING = new byte[0];

  private final FacadeMetrics metrics;

  SseWriter(FacadeMetrics metrics) {
    this.metrics = metrics;
  }

  /** Relays a chat completion stream: {@code data: <chunk>} events, then {@code data: [DONE]}. */
  void chat(Exchange ex, ChatStream stream) throws IOException {
    relay(ex, stream, stream::close, stream::result, CHAT);
  }

  /**
   * Relays a legacy completion stream in the chat framing: {@code data: <text_completion chunk>}
   * events, then {@code data: [DONE]}.
   */
  void completions(Exchange ex, CompletionStream stream) throws IOException {
    relay(ex, stream, stream::close, stream::result, COMPLETIONS);
  }

  /**
   * Relays a Responses API stream: {@code event: <type>} and {@code data: <event>}, no terminator.
   */
  void responses(Exchange ex, ResponseStream stream) throws IOException {
    relay(ex, stream, stream::close, stream::result, new ResponsesFraming());
  }

  private <T> void relay(
      Exchange ex,
      Iterator<T> stream,
      Runnable closeStream,
      Supplier<RouteResult<Void>> result,
      Framing<T> framing)
      throws IOException {
    // Close once, from whichever side notices first: the end of the loop below, a failed write, or
    // Jetty reporting the request failed (connection closed or idle timeout).
    AtomicBoolean closed = new AtomicBoolean();
    AtomicBoolean failed = new AtomicBoolean();
    Runnable cancel =
        () -> {
          if (closed.compareAndSet(false, true)) {
            closeStream.run();
          }
        };
    ex.request.addFailureListener(
        failure -> {
          log.debug("request {} failed while streaming: {}", ex.requestId, failure.toString());
          failed.set(true);
          cancel.run();
        });
    try {
      RouteResult<Void> first = result.get();
      Response response = ex.response;
      response.setStatus(200);
      HttpFields.Mutable h = response.getHeaders();
      h.put(HttpHeader.CONTENT_TYPE, EVENT_STREAM);
      h.put(HttpHeader.CACHE_CONTROL, "no-cache");
      h.put("x-accel-buffering", "no");
      RouteHeaders.put(response, first, first.timeToFirstToken());
      ex.useWriteTimeout();
      ResponseOutput out = new ResponseOutput(response, 1024);
      while (true) {
        T event;
        try {
          if (!stream.hasNext()) {
            if (failed.get()) {
              // Closed because Jetty failed the request: the stream was cut, not complete.
              throw new ClientGoneException(new IOException("the request failed while streaming"));
            }
            break;
          }
          event = stream.next();
        } catch (LlmException e) {
          if (failed.get()) {
            throw new ClientGoneException(new IOException("stream cancelled: client went away"));
          }
          // An error after the stream started: one error event, then the stream ends (no
          // terminator).
          log.info(
              "request {} stream failed after its first event: {}", ex.requestId, e.getMessage());
          framing.error(out, e);
          out.close();
          return;
        }
        framing.event(out, event);
        sendOrCancel(out, cancel);
      }
      out.write(framing.end());
      out.close();
    } catch (IOException e) {
      metrics.streamDisconnected();
      log.debug("request {}: client went away during the stream: {}", ex.requestId, e.toString());
      throw new ClientGoneException(e);
    } finally {
      cancel.run();
      ex.restoreReadTimeout();
    }
  }

  private static void sendOrCancel(ResponseOutput out, Runnable cancel) throws IOException {
    try {
      out.send();
    } catch (IOException e) {
      cancel.run();
      throw e;
    }
  }

  /** How a relayed stream is framed: each event, an error after the stream started, the end. */
  private interface Framing<T> {
    void event(ResponseOutput out, T event) throws IOException;

    void error(ResponseOutput out, LlmException e) throws IOException;

    byte[] end();
  }

  /**
   * Chat completions: {@code data: <chunk>} events, {@code data: <error JSON>}, {@code data:
   * [DONE]}.
   */
  private static final Framing<ChatCompletionChunk> CHAT =
      new Framing<>() {
        @Override
        public void event(ResponseOutput out, ChatCompletionChunk chunk) throws IOException {
          out.write(DATA);
          out.writeJson(chunk);
          out.write(EVENT_END);
        }

        @Override
        public void error(ResponseOutput out, LlmException e) throws IOException {
          out.write(DATA);
          ApiError.of(e).writeJson(out);
          out.write(EVENT_END);
        }

        @Override
        public byte[] end() {
          return DONE;
        }
      };

  /** Legacy completions: the chat framing with {@code text_completion} chunks. */
  private static final Framing<CompletionResponse> COMPLETIONS =
      new Framing<>() {
        @Override
        public void event(ResponseOutput out, CompletionResponse chunk) throws IOException {
          out.write(DATA);
          out.writeJson(chunk);
          out.write(EVENT_END);
        }

        @Override
        public void error(ResponseOutput out, LlmException e) throws IOException {
          CHAT.error(out, e);
        }

        @Override
        public byte[] end() {
          return DONE;
        }
      };

  /**
   * The Responses API: {@code event: <type>} then {@code data: <event JSON>} per event; a failure
   * after the start is OpenAI's error event ({@code event: error}, {@code data: {"type":"error",
   * "code","message","param","sequence_number"}}); no terminator. One per stream (it numbers the
   * error event after the last event sent).
   */
  private static final class ResponsesFraming implements Framing<ResponseStreamEvent> {
    private int nextSequence;

    @Override
    public void event(ResponseOutput out, ResponseStreamEvent e) throws IOException {
      String type = e.type();
      if (type != null && type.indexOf('\n') < 0 && type.indexOf('\r') < 0) {
        out.write(EVENT);
        out.write(type.getBytes(StandardCharsets.UTF_8));
        out.write(NEWLINE);
      }
      out.write(DATA);
      out.writeJson(e);
      out.write(EVENT_END);
      nextSequence = e.sequenceNumber() != null ? e.sequenceNumber() + 1 : nextSequence + 1;
    }

    @Override
    public void error(ResponseOutput out, LlmException e) throws IOException {
      out.write(EVENT);
      out.write(ERROR);
      out.write(NEWLINE);
      out.write(DATA);
      ApiError.of(e).writeResponsesErrorEvent(out, nextSequence);
      out.write(EVENT_END);
    }

    @Override
    public byte[] end() {
      return NOTHING;
    }
  }
}
