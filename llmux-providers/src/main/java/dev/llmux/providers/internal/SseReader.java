package dev.llmux.providers.internal;

import dev.llmux.api.error.UpstreamServerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server-sent events from a byte stream, following the <a
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
 * <p>With {@code keepRaw}, each event also carries its bytes as the upstream sent them ({@link
 * SseEvent#raw()}): everything from the end of the previous event (comments and other fields
 * included) through this event's blank line, so a relay can forward them untouched. An event is
 * returned as soon as its blank line was read: the reader never waits for more input than that.
 *
 * <p>{@code [DONE]} is returned as an ordinary event ({@link SseEvent#isDone()}); what it means is
 * up to the caller. Not thread-safe.
 */
public final class SseReader {
  /** The default bound on one event's data and on one line: 16 MiB. */
  public static final long DEFAULT_MAX_EVENT_BYTES = 16L * 1024 * 1024;

  private final InputStream in;
  private final long maxEventBytes;
  private final boolean keepRaw;
  private final StringBuilder data = new StringBuilder();
  private byte[] buf = new byte[4096];
  private int pos;
  private int limit;
  private byte[] raw;
  private int rawLength;
  private boolean hasData;
  private String eventName;
  private boolean sawEvent;
  private boolean inputEnded;
  private boolean exhausted;

  /** A reader of {@code in} with the default limit of {@value #DEFAULT_MAX_EVENT_BYTES} bytes. */
  public SseReader(InputStream in) {
    this(in, DEFAULT_MAX_EVENT_BYTES, false);
  }

  /**
   * A reader of {@code in} that fails on a line longer than {@code maxEventBytes} bytes or an event
   * whose data is longer than {@code maxEventBytes} characters; {@code keepRaw} keeps each event's
   * bytes.
   */
  public SseReader(InputStream in, long maxEventBytes, boolean keepRaw) {
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes must be positive");
    }
    this.in = in;
    this.maxEventBytes = maxEventBytes;
    this.keepRaw = keepRaw;
    this.raw = keepRaw ? new byte[512] : null;
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
    byte[] bytes = keepRaw ? Arrays.copyOf(raw, rawLength) : null;
    rawLength = 0;
    SseEvent event =
        new SseEvent(
            eventName == null || eventName.isEmpty() ? null : eventName, data.toString(), bytes);
    data.setLength(0);
    hasData = false;
    eventName = null;
    sawEvent = true;
    return event;
  }

  /** Reads one line without its terminator, or {@code null} at the end of the input. */
  private String readLine() throws IOException {
    int scanned = 0; // bytes after pos already searched for a line end
    while (true) {
      for (int i = pos + scanned; i < limit; i++) {
        if (buf[i] == '\n') {
          int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
          keep(pos, i + 1);
          pos = i + 1;
          return line;
        }
      }
      scanned = limit - pos;
      if (scanned > maxEventBytes) {
        throw tooLarge();
      }
      if (inputEnded || !fill()) {
        inputEnded = true;
        if (limit == pos) {
          return null;
        }
        // The input ended in the middle of a line: take what is there as the last line.
        int end = buf[limit - 1] == '\r' ? limit - 1 : limit;
        String line = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
        keep(pos, limit);
        pos = limit;
        return line;
      }
    }
  }

  /** Reads more input after what is buffered; {@code false} at the end of the input. */
  private boolean fill() throws IOException {
    if (pos > 0) {
      int n = limit - pos;
      System.arraycopy(buf, pos, buf, 0, n);
      limit = n;
      pos = 0;
    }
    if (limit == buf.length) {
      int grown = (int) Math.min((long) buf.length * 2, maxEventBytes + 2);
      if (grown <= buf.length) {
        throw tooLarge();
      }
      buf = Arrays.copyOf(buf, grown);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      return false;
    }
    limit += n;
    return true;
  }

  private void keep(int from, int to) {
    if (!keepRaw) {
      return;
    }
    int n = to - from;
    if (rawLength + n > maxEventBytes) {
      throw tooLarge();
    }
    if (rawLength + n > raw.length) {
      raw = Arrays.copyOf(raw, Math.max(raw.length * 2, rawLength + n));
    }
    System.arraycopy(buf, from, raw, rawLength, n);
    rawLength += n;
  }

  private UpstreamServerException tooLarge() {
    return new UpstreamServerException(
        "upstream stream event exceeds " + maxEventBytes + " bytes", 200, null);
  }
}
