package dev.llmux.facade;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import dev.llmux.api.Json;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.server.Request;

/**
 * Reads request bodies, capped at {@code max_request_body}: parsed once, straight from the request
 * stream, into a request record, or read whole (the management API). A body over the cap is 413
 * (refused from its declared length, or while reading a chunked body), after draining what is left
 * of it up to {@link #DRAIN_LIMIT}, and the answer closes the connection; a body that is not JSON
 * of the request's shape (or is JSON {@code null}) is 400 {@code invalid_json}; a read failure
 * means the client went away ({@link ClientGoneException}).
 */
final class BodyReader {
  /**
   * How much of an over-limit body is read and thrown away before answering 413. A server that
   * answers and closes while the client is still sending makes the kernel reset the connection, and
   * the client then sees "connection reset" instead of the 413; reading the rest first (up to this
   * much, within the read timeout) lets the answer arrive. Bigger bodies are answered at once.
   */
  static final long DRAIN_LIMIT = 1024 * 1024;

  /**
   * The shared mapper, plus one leniency: LiteLLM's {@code "metadata": {"tags": ["a", "b"]}} (a
   * list where OpenAI's metadata has string values) reads as the string {@code "a,b"}, which {@link
   * RequestTags} takes out of the request. Any other non-string metadata value stays an error.
   */
  private static final ObjectMapper MAPPER =
      Json.mapper().copy().addHandler(new MetadataTagsAsText());

  private final long maxBody;

  BodyReader(long maxBody) {
    this.maxBody = maxBody;
  }

  /**
   * The body parsed into {@code type}, never {@code null}.
   *
   * @throws ApiErrorException 413 (too large) or 400 {@code invalid_json}
   */
  <T> T read(Exchange ex, Class<T> type) {
    LimitedInputStream in = open(ex);
    T value;
    try (in) {
      value = MAPPER.readValue(in, type);
    } catch (IOException e) {
      // Jackson may wrap the stream's own exception; the flag tells.
      if (in.exceeded) {
        throw tooLarge(ex);
      }
      if (e instanceof JsonProcessingException j) {
        throw invalidJson(j.getOriginalMessage());
      }
      throw new ClientGoneException(e);
    }
    if (value == null) {
      throw invalidJson("the body is JSON null, not an object");
    }
    return value;
  }

  /**
   * The whole body.
   *
   * @throws ApiErrorException 413 (too large)
   */
  byte[] readAll(Exchange ex) {
    LimitedInputStream in = open(ex);
    try (in) {
      return in.readAllBytes();
    } catch (BodyTooLargeException e) {
      throw tooLarge(ex);
    } catch (IOException e) {
      throw new ClientGoneException(e);
    }
  }

  private static ApiErrorException invalidJson(String why) {
    return ApiErrorException.badRequest(
        "We could not parse the JSON body of your request: " + why, null, "invalid_json");
  }

  /** The body stream capped at the limit; 413 at once for a declared length over it. */
  private LimitedInputStream open(Exchange ex) {
    if (ex.request.getLength() > maxBody) {
      throw tooLarge(ex);
    }
    ex.bodyRead = true;
    return new LimitedInputStream(Request.asInputStream(ex.request), maxBody);
  }

  /** The 413 to throw, after reading what is left of the body up to {@link #DRAIN_LIMIT}. */
  private ApiErrorException tooLarge(Exchange ex) {
    long declared = ex.request.getLength();
    if (declared < 0 || declared - maxBody <= DRAIN_LIMIT) {
      drain(ex);
    }
    return ApiErrorException.tooLarge(maxBody);
  }

  private static void drain(Exchange ex) {
    try {
      InputStream in = Request.asInputStream(ex.request);
      byte[] buf = new byte[8192];
      long left = DRAIN_LIMIT;
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the client went away or is too slow: the 413 is sent (or not) all the same
    }
  }

  /** Reads a list at {@code metadata.tags} (of the body's top level) as comma-joined text. */
  static final class MetadataTagsAsText extends DeserializationProblemHandler {
    @Override
    public Object handleUnexpectedToken(
        DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p, String msg)
        throws IOException {
      if (t != JsonToken.START_ARRAY || !targetType.hasRawClass(String.class)) {
        return NOT_HANDLED;
      }
      JsonStreamContext c = p.getParsingContext();
      JsonStreamContext entry = c.inArray() ? c.getParent() : c; // the metadata object
      JsonStreamContext body = entry == null ? null : entry.getParent();
      if (entry == null
          || body == null
          || !"tags".equals(entry.getCurrentName())
          || !"metadata".equals(body.getCurrentName())
          || body.getParent() == null
          || !body.getParent().inRoot()) {
        return NOT_HANDLED;
      }
      StringBuilder tags = new StringBuilder();
      JsonToken next;
      while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
        if (next == null || !next.isScalarValue()) {
          throw ctxt.weirdStringException(
              "", String.class, "metadata.tags must be a list of strings");
        }
        if (tags.length() > 0) {
          tags.append(',');
        }
        tags.append(p.getValueAsString());
      }
      return tags.toString();
    }
  }

  /** Thrown while reading a body larger than {@code max_request_body}. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("request body too large", null);
    }
  }

  /** Caps how many bytes may be read; past the cap, {@link BodyTooLargeException}. */
  static final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;
    boolean exceeded;

    LimitedInputStream(InputStream in, long max) {
      this.in = in;
      this.remaining = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0 && --remaining < 0) {
        exceeded = true;
        throw new BodyTooLargeException();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        remaining -= n;
        if (remaining < 0) {
          exceeded = true;
          throw new BodyTooLargeException();
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
