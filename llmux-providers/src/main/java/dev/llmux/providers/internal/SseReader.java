package dev.llmux.providers.internal;

import dev.llmux.api.error.UpstreamServerException;
import java.io.IOException;
import okio.BufferedSource;

/**
 * Reads server-sent events from a byte source, following the <a
 * href="https://html.spec.whatwg.org/multipage/server-sent-events.html">SSE spec</a> as far as LLM
 * streams need it.
 *
 * <ul>
 *   <li>Lines end with {@code \n} or {@code \r\n}.
 *   <li>{@code field:value} lines; one space after the colon is dropped ({@code data:x} and {@code
 *       data: x} are the same). Consecutive {@code data} lines are joined with {@code \n}. {@code
 *       event} sets the event name; {@code id}, {@code retry} and unknown fields are ignored.
 *   <li>Lines starting with {@code :} are comments ({@code : keep-alive}) and are skipped.
 *   <li>A blank line dispatches the event; a blank line with no data dispatches nothing.
 *   <li>At the end of the input, an event whose blank line never came is still dispatched (lenient:
 *       some servers end the body right after {@code data: [DONE]}).
 *   <li>A single event (or line) larger than the limit (16 MiB by default) is an error, so a broken
 *       upstream cannot make the reader buffer without bound.
 *   <li>An input that ends before any event is an {@link UpstreamServerException} ("stream ended
 *       before any data"); after at least one event, the end of input ends the stream normally
 *       ({@link #next()} returns {@code null}).
 * </ul>
 *
 * <p>{@code [DONE]} is returned as an ordinary event ({@link SseEvent#isDone()}); what it means is
 * up to the caller. Not thread-safe.
 */
public final class SseReader {
  /** The default bound on one event's data and on one line: 16 MiB. */
  public static final long DEFAULT_MAX_EVENT_BYTES = 16L * 1024 * 1024;

  private final BufferedSource source;
  private final long maxEventBytes;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String eventName;
  private boolean sawEvent;
  private boolean exhausted;

  /**
   * A reader of {@code source} with the default limit of {@value #DEFAULT_MAX_EVENT_BYTES} bytes.
   */
  public SseReader(BufferedSource source) {
    this(source, DEFAULT_MAX_EVENT_BYTES);
  }

  /**
   * A reader of {@code source} that fails on a line longer than {@code maxEventBytes} bytes or an
   * event whose data is longer than {@code maxEventBytes} characters.
   */
  public SseReader(BufferedSource source, long maxEventBytes) {
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes must be positive");
    }
    this.source = source;
    this.maxEventBytes = maxEventBytes;
  }

  /** Whether at least one event has been returned. */
  public boolean sawEvent() {
    return sawEvent;
  }

  /**
   * Blocks until the next event and returns it, or returns {@code null} at the end of the input.
   *
   * @throws IOException when reading fails
   * @throws UpstreamServerException when an event exceeds the size limit, or the input ends before
   *     any event
   */
  public SseEvent next() throws IOException {
    if (exhausted) {
      return null;
    }
    while (true) {
      String line = readLine();
      if (line == null) {
        exhausted = true;
        SseEvent pending = dispatch();
        if (pending != null) {
          return pending;
        }
        if (!sawEvent) {
          throw new UpstreamServerException("upstream stream ended before any data", 200, null);
        }
        return null;
      }
      if (line.isEmpty()) {
        SseEvent event = dispatch();
        if (event != null) {
          return event;
        }
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field;
      String value;
      if (colon < 0) {
        field = line;
        value = "";
      } else {
        field = line.substring(0, colon);
        int start = colon + 1;
        if (start < line.length() && line.charAt(start) == ' ') {
          start++;
        }
        value = line.substring(start);
      }
      if (field.equals("data")) {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
        if (data.length() > maxEventBytes) {
          throw tooLarge();
        }
      } else if (field.equals("event")) {
        eventName = value;
      }
    }
  }

  private SseEvent dispatch() {
    if (!hasData) {
      eventName = null;
      return null;
    }
    SseEvent event =
        new SseEvent(eventName == null || eventName.isEmpty() ? null : eventName, data.toString());
    data.setLength(0);
    hasData = false;
    eventName = null;
    sawEvent = true;
    return event;
  }

  /** Reads one line without its terminator, or {@code null} at the end of the input. */
  private String readLine() throws IOException {
    long newline = source.indexOf((byte) '\n', 0, maxEventBytes + 1);
    String line;
    if (newline < 0) {
      long buffered = source.getBuffer().size();
      if (buffered > maxEventBytes) {
        throw tooLarge();
      }
      if (buffered == 0) {
        return null;
      }
      // The input ended in the middle of a line: take what is there as the last line.
      line = source.readUtf8(buffered);
    } else {
      line = source.readUtf8(newline);
      source.skip(1);
    }
    int len = line.length();
    if (len > 0 && line.charAt(len - 1) == '\r') {
      line = line.substring(0, len - 1);
    }
    return line;
  }

  private UpstreamServerException tooLarge() {
    return new UpstreamServerException(
        "upstream stream event exceeds " + maxEventBytes + " bytes", 200, null);
  }
}
