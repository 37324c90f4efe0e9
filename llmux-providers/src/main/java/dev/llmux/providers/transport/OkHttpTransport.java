package dev.llmux.providers.transport;

import dev.llmux.providers.internal.HttpClients;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * OkHttp 4 ({@link HttpClients}: one pool for every provider; HTTP/2 over TLS through ALPN). No
 * OkHttp read, write or call timeouts: each is an okio {@code AsyncTimeout} entered around every
 * socket operation under one JVM-wide lock.
 */
final class OkHttpTransport implements UpstreamTransport {
  private static final ConcurrentMap<String, MediaType> TYPES = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return UpstreamTransports.OKHTTP;
  }

  @Override
  public UpstreamCall newCall(UpstreamRequest request, Duration connectTimeout, boolean streamed) {
    Request.Builder b = new Request.Builder().url(HttpUrl.get(request.uri()));
    for (UpstreamRequest.Header h : request.headers()) {
      b.addHeader(h.name(), h.value());
    }
    b.method(request.method(), body(request.body()));
    Call call = HttpClients.withTimeouts(connectTimeout, Duration.ZERO).newCall(b.build());
    return new OkCall(call);
  }

  private static RequestBody body(UpstreamRequest.Body body) {
    if (body == null) {
      return null;
    }
    MediaType type =
        TYPES.size() < 64
            ? TYPES.computeIfAbsent(body.contentType(), MediaType::get)
            : MediaType.get(body.contentType());
    if (body instanceof UpstreamRequest.Bytes bytes) {
      return RequestBody.create(bytes.bytes(), type);
    }
    UpstreamRequest.Streamed streamed = (UpstreamRequest.Streamed) body;
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return type;
      }

      @Override
      public long contentLength() {
        return streamed.length();
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        try (InputStream in = streamed.source().get();
            Source source = Okio.source(in)) {
          sink.writeAll(source);
        }
      }
    };
  }

  private record OkCall(Call call) implements UpstreamCall {
    @Override
    public UpstreamResponse execute() throws IOException {
      return new OkResponse(call.execute());
    }

    @Override
    public void cancel() {
      call.cancel();
    }
  }

  private record OkResponse(Response response) implements UpstreamResponse {
    @Override
    public int status() {
      return response.code();
    }

    @Override
    public String header(String name) {
      return response.header(name);
    }

    @Override
    public String protocol() {
      Protocol p = response.protocol();
      return p == Protocol.HTTP_2 || p == Protocol.H2_PRIOR_KNOWLEDGE ? "HTTP/2" : "HTTP/1.1";
    }

    @Override
    public InputStream body() {
      return response.body().byteStream();
    }

    @Override
    public byte[] bytes() throws IOException {
      return response.body().bytes();
    }

    @Override
    public void close() {
      try {
        response.close();
      } catch (RuntimeException ignored) {
        // cancelled
      }
    }
  }
}
