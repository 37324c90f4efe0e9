package dev.llmux.providers.transport;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One request to an upstream: method, URL, headers and an optional body. Immutable; build it with
 * {@link #builder(String, URI)}.
 *
 * <p>Headers are kept in the order they were added, names as given; a name added twice is sent
 * twice. Transports add what HTTP itself needs ({@code Host}, {@code Content-Length} or chunked
 * framing, {@code Content-Type} from the {@link Body}) and may add their own {@code User-Agent} and
 * {@code Accept-Encoding}.
 */
public final class UpstreamRequest {
  private final String method;
  private final URI uri;
  private final List<Header> headers;
  private final Body body;

  private UpstreamRequest(Builder b) {
    this.method = b.method;
    this.uri = b.uri;
    this.headers = Collections.unmodifiableList(new ArrayList<>(b.headers));
    this.body = b.body;
  }

  /** A request builder for {@code method} ({@code GET}, {@code POST}...) and {@code uri}. */
  public static Builder builder(String method, URI uri) {
    return new Builder(method, uri);
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The absolute {@code http} or {@code https} URL. */
  public URI uri() {
    return uri;
  }

  /** The headers, in order (without those the transport adds). */
  public List<Header> headers() {
    return headers;
  }

  /** The body, or {@code null} for none. */
  public Body body() {
    return body;
  }

  @Override
  public String toString() {
    return method + " " + uri;
  }

  /** One header line. */
  public record Header(String name, String value) {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A request body: its media type and either bytes already in memory ({@link #bytes}) or a stream
   * read once while the request is sent ({@link #stream}).
   */
  public sealed interface Body permits Bytes, Streamed {
    /** The {@code Content-Type}. */
    String contentType();

    /** A body already in memory. */
    static Body bytes(String contentType, byte[] bytes) {
      return new Bytes(contentType, bytes);
    }

    /**
     * A body read from {@code source} while the request is sent, {@code length} bytes long ({@code
     * -1}: unknown, sent chunked on HTTP/1.1). The stream is opened once per call and closed by the
     * transport.
     */
    static Body stream(String contentType, long length, Supplier<InputStream> source) {
      return new Streamed(contentType, length, source);
    }
  }

  /** A body in memory (not copied: do not change the array after building the request). */
  public record Bytes(String contentType, byte[] bytes) implements Body {
    public Bytes {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /** A body streamed from a source opened when the request is sent. */
  public record Streamed(String contentType, long length, Supplier<InputStream> source)
      implements Body {
    public Streamed {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(source, "source");
      if (length < -1) {
        throw new IllegalArgumentException("length must be -1 (unknown) or more, got " + length);
      }
    }
  }

  /** Builds an {@link UpstreamRequest}. */
  public static final class Builder {
    private final String method;
    private final URI uri;
    private final List<Header> headers = new ArrayList<>();
    private Body body;

    private Builder(String method, URI uri) {
      this.method = Objects.requireNonNull(method, "method");
      this.uri = Objects.requireNonNull(uri, "uri");
      String scheme = uri.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("not an http(s) URL: " + uri);
      }
    }

    /** Adds one header. */
    public Builder header(String name, String value) {
      headers.add(new Header(name, value));
      return this;
    }

    /** Adds every header of {@code list}, in order. */
    public Builder headers(List<Header> list) {
      headers.addAll(list);
      return this;
    }

    /** Sets the body ({@code null}: none). */
    public Builder body(Body newBody) {
      this.body = newBody;
      return this;
    }

    /** The request. */
    public UpstreamRequest build() {
      return new UpstreamRequest(this);
    }
  }
}
