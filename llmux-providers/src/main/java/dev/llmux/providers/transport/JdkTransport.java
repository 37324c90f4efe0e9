package dev.llmux.providers.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * The JDK's {@link HttpClient} (no dependency). One client per connect timeout (the JDK's connect
 * timeout is the client's); HTTP/1.1 in clear text, HTTP/2 over TLS through ALPN. Headers the JDK
 * client sets itself ({@code Connection}, {@code Content-Length}, {@code Expect}, {@code Host},
 * {@code Upgrade}) are not sent from the request.
 */
final class JdkTransport implements UpstreamTransport {
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private static final ConcurrentMap<Long, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return UpstreamTransports.JDK;
  }

  @Override
  public UpstreamCall newCall(UpstreamRequest request, Duration connectTimeout, boolean streamed) {
    HttpRequest.Builder b = HttpRequest.newBuilder(request.uri());
    boolean secure = "https".equalsIgnoreCase(request.uri().getScheme());
    b.version(secure ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
    for (UpstreamRequest.Header h : request.headers()) {
      if (!RESTRICTED.contains(h.name().toLowerCase(Locale.ROOT))) {
        b.header(h.name(), h.value());
      }
    }
    UpstreamRequest.Body body = request.body();
    HttpRequest.BodyPublisher publisher;
    if (body == null) {
      publisher = HttpRequest.BodyPublishers.noBody();
    } else {
      b.header("Content-Type", body.contentType());
      if (body instanceof UpstreamRequest.Bytes bytes) {
        publisher = HttpRequest.BodyPublishers.ofByteArray(bytes.bytes());
      } else {
        UpstreamRequest.Streamed s = (UpstreamRequest.Streamed) body;
        HttpRequest.BodyPublisher unknown = HttpRequest.BodyPublishers.ofInputStream(s.source());
        publisher =
            s.length() < 0
                ? unknown
                : HttpRequest.BodyPublishers.fromPublisher(unknown, s.length());
      }
    }
    b.method(request.method(), publisher);
    return new JdkCall(client(connectTimeout.toMillis()), b.build(), streamed);
  }

  private static HttpClient client(long connectMillis) {
    HttpClient c = CLIENTS.get(connectMillis);
    if (c != null) {
      return c;
    }
    return CLIENTS.computeIfAbsent(
        connectMillis,
        ms -> {
          HttpClient.Builder b =
              HttpClient.newBuilder()
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .version(HttpClient.Version.HTTP_2);
          if (ms > 0) {
            b.connectTimeout(Duration.ofMillis(ms));
          }
          return b.build();
        });
  }

  /** The JDK client's failure as the {@link IOException} the providers map. */
  static IOException io(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpConnectTimeoutException) {
      SocketTimeoutException e = new SocketTimeoutException("connect timed out");
      e.initCause(cause);
      return e;
    }
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof CancellationException) {
      return new IOException("Canceled", cause);
    }
    return new IOException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
  }

  private static final class JdkCall implements UpstreamCall {
    private final HttpClient client;
    private final HttpRequest request;
    private final boolean streamed;
    private volatile boolean cancelled;
    private volatile CompletableFuture<?> future;
    private volatile InputStream stream;

    JdkCall(HttpClient client, HttpRequest request, boolean streamed) {
      this.client = client;
      this.request = request;
      this.streamed = streamed;
    }

    @Override
    public UpstreamResponse execute() throws IOException {
      if (cancelled) {
        throw new IOException("Canceled");
      }
      try {
        if (streamed) {
          CompletableFuture<HttpResponse<InputStream>> f =
              client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
          future = f;
          if (cancelled) {
            f.cancel(true);
          }
          HttpResponse<InputStream> r = f.get();
          InputStream in = new Body(r.body());
          stream = in;
          if (cancelled) {
            in.close();
          }
          return new JdkResponse(r, null, in);
        }
        CompletableFuture<HttpResponse<byte[]>> f =
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        future = f;
        if (cancelled) {
          f.cancel(true);
        }
        HttpResponse<byte[]> r = f.get();
        return new JdkResponse(r, r.body(), null);
      } catch (InterruptedException e) {
        cancel();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      } catch (ExecutionException | CancellationException e) {
        throw io(e);
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      CompletableFuture<?> f = future;
      if (f != null) {
        f.cancel(true);
      }
      InputStream in = stream;
      if (in != null) {
        try {
          in.close();
        } catch (IOException ignored) {
          // cancelled
        }
      }
    }

    /**
     * The JDK's body stream: a read blocked when the stream is closed returns the end of input;
     * after {@link #cancel()} it fails instead, as on the other transports.
     */
    private final class Body extends FilterInputStream {
      Body(InputStream in) {
        super(in);
      }

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (cancelled) {
          throw new IOException("Canceled");
        }
        int n;
        try {
          n = in.read(b, off, len);
        } catch (IOException e) {
          throw cancelled ? new IOException("Canceled", e) : e;
        }
        if (cancelled) {
          throw new IOException("Canceled");
        }
        return n;
      }
    }
  }

  private record JdkResponse(HttpResponse<?> response, byte[] content, InputStream stream)
      implements UpstreamResponse {
    @Override
    public int status() {
      return response.statusCode();
    }

    @Override
    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    @Override
    public String protocol() {
      return response.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
    }

    @Override
    public InputStream body() {
      return stream != null ? stream : new java.io.ByteArrayInputStream(content);
    }

    @Override
    public byte[] bytes() throws IOException {
      return content != null ? content : stream.readAllBytes();
    }

    @Override
    public void close() {
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException ignored) {
          // cancelled
        }
      }
    }
  }
}
