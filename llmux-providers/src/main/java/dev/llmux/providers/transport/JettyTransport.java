package dev.llmux.providers.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Jetty 12's {@link HttpClient} ({@code jetty-client}, optional dependency). One client per connect
 * timeout (Jetty's connect timeout is the client's), shared by both names: {@code jetty} speaks
 * HTTP/1.1 in clear text and negotiates HTTP/2 or HTTP/1.1 over TLS through ALPN (when {@code
 * jetty-http2-client-transport} and {@code jetty-alpn-java-client} are on the class path); {@code
 * jetty-h2c} sends every request as HTTP/2 (clear text with prior knowledge, or ALPN {@code h2}
 * over TLS).
 *
 * <p>Pooled connections are kept 5 minutes idle; up to 65,536 connections per destination (each
 * HTTP/1.1 stream holds one); no idle timeout during an exchange (the callers' deadlines bound it);
 * daemon threads.
 */
final class JettyTransport implements UpstreamTransport {
  /** Largest body read whole for a call that is not streamed. */
  static final int MAX_BUFFERED = 256 * 1024 * 1024;

  private static final ConcurrentMap<Long, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  private final String name;
  private final boolean http2;

  JettyTransport(String name, boolean http2) {
    this.name = name;
    this.http2 = http2;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public UpstreamCall newCall(UpstreamRequest request, Duration connectTimeout, boolean streamed) {
    HttpClient client = client(connectTimeout.toMillis());
    Request r = client.newRequest(request.uri()).method(request.method());
    r.idleTimeout(0, TimeUnit.MILLISECONDS);
    if (http2) {
      r.version(HttpVersion.HTTP_2);
    }
    List<UpstreamRequest.Header> headers = request.headers();
    if (!headers.isEmpty()) {
      r.headers(
          h -> {
            for (UpstreamRequest.Header header : headers) {
              h.add(header.name(), header.value());
            }
          });
    }
    UpstreamRequest.Body body = request.body();
    if (body instanceof UpstreamRequest.Bytes bytes) {
      r.body(new BytesRequestContent(bytes.contentType(), bytes.bytes()));
    } else if (body instanceof UpstreamRequest.Streamed s) {
      r.body(new InputStreamRequestContent(s.contentType(), s.source().get()));
    }
    return new JettyCall(r, streamed);
  }

  private static HttpClient client(long connectMillis) {
    HttpClient c = CLIENTS.get(connectMillis);
    if (c != null) {
      return c;
    }
    synchronized (CLIENTS) {
      return CLIENTS.computeIfAbsent(connectMillis, JettyTransport::start);
    }
  }

  private static HttpClient start(long connectMillis) {
    QueuedThreadPool threads = new QueuedThreadPool(256, 4);
    threads.setName("llmux-jetty-client");
    threads.setDaemon(true);
    ClientConnector connector = new ClientConnector();
    connector.setExecutor(threads);
    connector.setSelectors(1);
    connector.setSslContextFactory(new SslContextFactory.Client());
    List<ClientConnectionFactory.Info> protocols = new ArrayList<>();
    protocols.add(HttpClientConnectionFactory.HTTP11);
    if (Http2Support.AVAILABLE) {
      protocols.add(Http2Factory.http2(connector));
    }
    HttpClient client =
        new HttpClient(
            new HttpClientTransportDynamic(
                connector, protocols.toArray(ClientConnectionFactory.Info[]::new)));
    client.setExecutor(threads);
    client.setScheduler(new ScheduledExecutorScheduler("llmux-jetty-client-scheduler", true));
    client.setConnectTimeout(connectMillis);
    client.setIdleTimeout(Duration.ofMinutes(5).toMillis());
    client.setFollowRedirects(false);
    client.setMaxConnectionsPerDestination(65_536);
    client.setMaxRequestsQueuedPerDestination(65_536);
    client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "llmux"));
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start Jetty's HttpClient: " + e, e);
    }
    // No redirects, authentication challenges or 100-continue handling (start() adds them): every
    // answer reaches the provider as it came; a 401 without WWW-Authenticate is an answer.
    client.getProtocolHandlers().clear();
    return client;
  }

  /**
   * Whether Jetty's HTTP/2 client and ALPN are on the class path. Holds no reference to their
   * classes: verifying a method that returns one of them as {@code ClientConnectionFactory.Info}
   * loads it, so that method lives in {@link Http2Factory}, loaded only when this says yes.
   */
  private static final class Http2Support {
    static final boolean AVAILABLE =
        present("org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2$HTTP2")
            && present("org.eclipse.jetty.http2.client.HTTP2Client")
            && present("org.eclipse.jetty.alpn.java.client.JDK9ClientALPNProcessor");

    private static boolean present(String className) {
      try {
        Class.forName(className, false, JettyTransport.class.getClassLoader());
        return true;
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }
  }

  /** Builds the HTTP/2 protocol; loaded only when {@link Http2Support#AVAILABLE}. */
  private static final class Http2Factory {
    static ClientConnectionFactory.Info http2(ClientConnector connector) {
      return new org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2.HTTP2(
          new org.eclipse.jetty.http2.client.HTTP2Client(connector));
    }
  }

  /** Jetty's failure as the {@link IOException} the providers map. */
  static IOException io(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof java.io.EOFException) {
      // Jetty's message is a dump of the connection's state: not for error messages.
      java.io.EOFException e = new java.io.EOFException("unexpected end of stream");
      e.initCause(cause);
      return e;
    }
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof TimeoutException) {
      SocketTimeoutException e = new SocketTimeoutException("timeout");
      e.initCause(cause);
      return e;
    }
    if (cause instanceof CancellationException) {
      return new IOException("Canceled", cause);
    }
    if (cause instanceof org.eclipse.jetty.http.HttpException
        || cause instanceof org.eclipse.jetty.client.HttpResponseException) {
      ProtocolException e = new ProtocolException(String.valueOf(cause.getMessage()));
      e.initCause(cause);
      return e;
    }
    if (cause instanceof IllegalArgumentException
        && String.valueOf(cause.getMessage()).contains("Buffering capacity")) {
      return new IOException("upstream body larger than " + MAX_BUFFERED + " bytes", cause);
    }
    return new IOException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
  }

  private static final class JettyCall implements UpstreamCall {
    private final Request request;
    private final boolean streamed;

    JettyCall(Request request, boolean streamed) {
      this.request = request;
      this.streamed = streamed;
    }

    @Override
    public UpstreamResponse execute() throws IOException {
      try {
        if (streamed) {
          InputStreamResponseListener listener = new InputStreamResponseListener();
          request.send(listener);
          Response response = listener.get(Long.MAX_VALUE, TimeUnit.DAYS);
          return new JettyResponse(request, response, null, listener.getInputStream());
        }
        CompletableFuture<ContentResponse> f =
            new CompletableResponseListener(request, MAX_BUFFERED).send();
        ContentResponse response = f.get();
        return new JettyResponse(request, response, response.getContent(), null);
      } catch (InterruptedException e) {
        request.abort(e);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        throw io(e);
      }
    }

    @Override
    public void cancel() {
      request.abort(new IOException("Canceled"));
    }
  }

  private static final class JettyResponse implements UpstreamResponse {
    private final Request request;
    private final Response response;
    private final byte[] content;
    private final InputStream stream;
    private boolean ended;

    JettyResponse(Request request, Response response, byte[] content, InputStream stream) {
      this.request = request;
      this.response = response;
      this.content = content;
      this.stream = stream == null ? null : new Body(stream);
    }

    @Override
    public int status() {
      return response.getStatus();
    }

    @Override
    public String header(String name) {
      return response.getHeaders().get(name);
    }

    @Override
    public String protocol() {
      return response.getVersion() == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
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
      if (stream == null) {
        return;
      }
      if (!ended) {
        request.abort(new IOException("closed before the end of the body"));
      }
      try {
        stream.close();
      } catch (IOException ignored) {
        // aborted
      }
    }

    /** The listener's stream, mapping Jetty's failures and noting the end. */
    private final class Body extends java.io.FilterInputStream {
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
        try {
          int n = in.read(b, off, len);
          if (n < 0) {
            ended = true;
          }
          return n;
        } catch (IOException e) {
          Throwable cause = e.getCause();
          // The listener wraps the exchange's failure in a plain IOException.
          throw e.getClass() == IOException.class && cause != null ? io(cause) : e;
        }
      }
    }
  }
}
