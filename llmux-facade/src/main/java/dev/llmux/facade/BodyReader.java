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
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses request bodies. The body has arrived whole before the endpoint runs ({@link BodyBuffer},
 * which also enforces {@code max_request_body}, the body timeout and the minimum data rate): it is
 * parsed into a request record, or handed over as bytes (the management API). A body that is not
 * JSON of the request's shape (or is JSON {@code null}), or not valid UTF-8 (overlong forms and
 * surrogates included, which Jackson lets through), is 400 {@code invalid_json}, with the field and
 * what it must be ({@link Json#describe}), never a Java class name.
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

  BodyReader() {}

  /**
   * The body parsed into {@code type}, never {@code null}.
   *
   * @throws ApiErrorException 400 {@code invalid_json}
   */
  <T> T read(Exchange ex, Class<T> type) {
    byte[] body = readAll(ex);
    T value;
    try {
      value = MAPPER.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw invalidJson(Json.describe(e), Json.fieldPath(e));
    } catch (IOException e) {
      throw invalidJson("the body could not be read", null);
    }
    if (value == null) {
      throw invalidJson("the body is JSON null, not an object", null);
    }
    return value;
  }

  /**
   * The whole body (empty when there is none), checked to be UTF-8.
   *
   * @throws ApiErrorException 400 {@code invalid_json} for bytes that are not UTF-8
   */
  byte[] readAll(Exchange ex) {
    byte[] body = ex.body == null ? new byte[0] : ex.body;
    int bad = firstInvalidUtf8(body);
    if (bad >= 0) {
      throw invalidJson("the body is not valid UTF-8 (at byte " + bad + ")", null);
    }
    return body;
  }

  private static ApiErrorException invalidJson(String why, String param) {
    return ApiErrorException.badRequest(
        "We could not parse the JSON body of your request: " + why, param, "invalid_json");
  }

  /**
   * The offset of the first byte that is not well-formed UTF-8, or -1. Strict, as the JDK's decoder
   * is: overlong encodings, UTF-16 surrogates and code points above U+10FFFF are refused.
   */
  static int firstInvalidUtf8(byte[] b) {
    int i = 0;
    while (i < b.length && b[i] >= 0) {
      i++; // ASCII, the usual case: no decoder needed
    }
    if (i == b.length) {
      return -1;
    }
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, i, b.length - i);
    CharBuffer out = CharBuffer.allocate(4096);
    while (true) {
      CoderResult r = d.decode(in, out, true);
      if (r.isError()) {
        return in.position();
      }
      if (r.isUnderflow()) {
        return d.flush(out).isError() ? in.position() : -1;
      }
      out.clear();
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
}
