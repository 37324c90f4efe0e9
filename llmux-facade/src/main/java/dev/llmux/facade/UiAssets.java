package dev.llmux.facade;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's static files, read once from the jar: the page ({@code index.html}), its style
 * sheet and ES modules (under {@code dev/llmux/facade/ui/} in the jar's resources), and uPlot from
 * its WebJar. Every asset's URL carries the {@link #version()} (a hash of all of them), so assets
 * are cached for a year ({@code immutable}) and a new jar is a new URL; the page itself is
 * revalidated ({@code no-cache}) with its ETag. Text assets are kept gzipped as well.
 */
final class UiAssets {
  /** Where the dashboard's own files are, in the jar's resources. */
  static final String ROOT = "dev/llmux/facade/ui/";

  /** The dashboard's own files, relative to {@link #ROOT} (the page is {@code index.html}). */
  static final List<String> FILES =
      List.of(
          "app.css",
          "favicon.svg",
          "js/app.js",
          "js/api.js",
          "js/dom.js",
          "js/charts.js",
          "js/views/login.js",
          "js/views/overview.js",
          "js/views/keys.js",
          "js/views/teams.js",
          "js/views/users.js",
          "js/views/spend.js",
          "js/views/deployments.js",
          "js/views/logs.js",
          "js/views/audit.js",
          "js/views/playground.js");

  /** uPlot (charts), from the {@code org.webjars.npm:uplot} WebJar. */
  static final String UPLOT = "uplot";

  /**
   * One file to serve.
   *
   * @param gzip the body gzipped, or {@code null} when not worth it
   * @param etag a strong ETag (quoted)
   */
  record Asset(String contentType, byte[] body, byte[] gzip, String etag) {}

  /** Read once per class loader: the files never change while the jar runs. */
  private static volatile UiAssets shared;

  private final Map<String, Asset> assets = new LinkedHashMap<>();
  private final String version;
  private final Asset index;

  UiAssets() {
    ClassLoader cl = UiAssets.class.getClassLoader();
    MessageDigest all = sha256();
    for (String f : FILES) {
      byte[] b = read(cl, ROOT + f);
      assets.put(f, asset(f, b));
      all.update(f.getBytes(StandardCharsets.UTF_8));
      all.update(b);
    }
    String uplotVersion = webJarVersion(cl, "org.webjars.npm", UPLOT);
    String uplotDir = "META-INF/resources/webjars/uplot/" + uplotVersion + "/";
    for (String[] v :
        new String[][] {
          {"vendor/uPlot.esm.js", uplotDir + "dist/uPlot.esm.js"},
          {"vendor/uPlot.min.css", uplotDir + "dist/uPlot.min.css"},
          {"vendor/uPlot.LICENSE.txt", uplotDir + "LICENSE"}
        }) {
      byte[] b = read(cl, v[1]);
      assets.put(v[0], asset(v[0], b));
      all.update(v[0].getBytes(StandardCharsets.UTF_8));
      all.update(b);
    }
    this.version = HexFormat.of().formatHex(all.digest()).substring(0, 12);
    String page =
        new String(read(cl, ROOT + "index.html"), StandardCharsets.UTF_8)
            .replace("{{version}}", version);
    this.index = asset("index.html", page.getBytes(StandardCharsets.UTF_8));
  }

  /** The dashboard's files, read (and hashed, and gzipped) on first use. */
  static UiAssets shared() {
    UiAssets a = shared;
    if (a == null) {
      synchronized (UiAssets.class) {
        a = shared;
        if (a == null) {
          a = new UiAssets();
          shared = a;
        }
      }
    }
    return a;
  }

  /** The hash of every asset: the path segment after {@code /ui/assets/}. */
  String version() {
    return version;
  }

  /** The page, with the asset version filled in. */
  Asset index() {
    return index;
  }

  /** The asset {@code name} ({@code js/app.js}, {@code vendor/uPlot.esm.js}), or {@code null}. */
  Asset asset(String name) {
    return assets.get(name);
  }

  /** The asset names (for tests). */
  List<String> names() {
    return List.copyOf(assets.keySet());
  }

  private static Asset asset(String name, byte[] body) {
    String type = contentType(name);
    byte[] gzip = type.startsWith("text/") || type.startsWith("image/svg") ? gzip(body) : null;
    if (gzip != null && gzip.length >= body.length) {
      gzip = null;
    }
    String etag = '"' + HexFormat.of().formatHex(sha256().digest(body)).substring(0, 20) + '"';
    return new Asset(type, body, gzip, etag);
  }

  static String contentType(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return "text/plain; charset=utf-8";
  }

  /** The version of a WebJar on the class path, from its Maven {@code pom.properties}. */
  static String webJarVersion(ClassLoader cl, String group, String artifact) {
    String path = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    Properties p = new Properties();
    try (InputStream in = cl.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard needs " + group + ":" + artifact);
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  private static byte[] read(ClassLoader cl, String path) {
    try (InputStream in = cl.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("dashboard resource missing from the jar: " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
