package dev.llmux.providers.transport;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The upstream transports by name, and the process-wide default.
 *
 * <p>A provider uses the transport its {@code transport} setting names; without one, {@link
 * #defaultName()}: the name given to {@link #setDefault(String)} (the facade sets it from {@code
 * server.upstream_transport}), else the system property {@value #PROPERTY}, else {@code okhttp}.
 * Each transport is created once, on first use, and shared.
 *
 * <ul>
 *   <li>{@code okhttp}: OkHttp 4 (a dependency of llmux-providers; what openai-java and LangChain4j
 *       already bring);
 *   <li>{@code jetty}: Jetty 12's {@code HttpClient}; needs {@code org.eclipse.jetty:jetty-client}
 *       on the class path (and {@code jetty-http2-client-transport} with {@code
 *       jetty-alpn-java-client} for HTTP/2 over TLS);
 *   <li>{@code jetty-h2c}: the same client sending HTTP/2 with prior knowledge (clear-text
 *       upstreams that speak h2c);
 *   <li>{@code jdk}: {@code java.net.http.HttpClient}, no dependency.
 * </ul>
 */
public final class UpstreamTransports {
  /** OkHttp 4. */
  public static final String OKHTTP = "okhttp";

  /** Jetty 12's {@code HttpClient}. */
  public static final String JETTY = "jetty";

  /** Jetty 12's {@code HttpClient}, every request as HTTP/2 (h2c in clear text). */
  public static final String JETTY_H2C = "jetty-h2c";

  /** {@code java.net.http.HttpClient}. */
  public static final String JDK = "jdk";

  /** The system property naming the default transport when {@link #setDefault} was not called. */
  public static final String PROPERTY = "llmux.transport";

  private static final List<String> NAMES = List.of(OKHTTP, JETTY, JETTY_H2C, JDK);
  private static final ConcurrentMap<String, UpstreamTransport> SHARED = new ConcurrentHashMap<>();
  private static volatile String defaultName;

  private UpstreamTransports() {}

  /** Every name a configuration may use. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The shared transport named {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name, or a transport whose library is not on
   *     the class path (the message says which)
   */
  public static UpstreamTransport named(String name) {
    String n = check(name);
    UpstreamTransport t = SHARED.get(n);
    return t != null ? t : SHARED.computeIfAbsent(n, UpstreamTransports::create);
  }

  /** The transport of providers that name none: {@code named(defaultName())}. */
  public static UpstreamTransport defaultTransport() {
    return named(defaultName());
  }

  /** The default transport's name (see the class comment). */
  public static String defaultName() {
    String d = defaultName;
    if (d != null) {
      return d;
    }
    String p = System.getProperty(PROPERTY);
    return p == null || p.isBlank() ? OKHTTP : p.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Makes {@code name} the default for providers created from now on ({@code null}: back to the
   * system property or {@code okhttp}).
   *
   * @throws IllegalArgumentException when {@code name} is unknown or its library is missing
   */
  public static void setDefault(String name) {
    if (name == null) {
      defaultName = null;
      return;
    }
    String n = check(name);
    available(n);
    defaultName = n;
  }

  private static String check(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(n)) {
      throw new IllegalArgumentException(
          "unknown transport '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
    return n;
  }

  private static void available(String name) {
    if ((JETTY.equals(name) || JETTY_H2C.equals(name)) && !jettyPresent()) {
      throw new IllegalArgumentException(
          "transport '"
              + name
              + "' needs Jetty 12's HTTP client on the class path"
              + " (org.eclipse.jetty:jetty-client)");
    }
    if (JETTY_H2C.equals(name)
        && !present("org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2")) {
      throw new IllegalArgumentException(
          "transport 'jetty-h2c' needs Jetty's HTTP/2 client on the class path"
              + " (org.eclipse.jetty.http2:jetty-http2-client-transport)");
    }
  }

  private static boolean jettyPresent() {
    return present("org.eclipse.jetty.client.HttpClient");
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, UpstreamTransports.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static UpstreamTransport create(String name) {
    available(name);
    return switch (name) {
      case JETTY -> Jetty.create(JETTY, false);
      case JETTY_H2C -> Jetty.create(JETTY_H2C, true);
      case JDK -> new JdkTransport();
      default -> new OkHttpTransport();
    };
  }

  /** Keeps Jetty's classes out of this class's linkage. */
  private static final class Jetty {
    static UpstreamTransport create(String name, boolean http2) {
      return new JettyTransport(name, http2);
    }
  }
}
