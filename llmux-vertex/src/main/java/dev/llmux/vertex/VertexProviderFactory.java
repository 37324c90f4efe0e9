package dev.llmux.vertex;

import com.google.auth.oauth2.GoogleCredentials;
import dev.llmux.api.Json;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.api.spi.ProviderSetting.Kind;
import dev.llmux.providers.internal.Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Creates providers of type {@code vertex_ai}: Google Cloud Vertex AI, Gemini models with the
 * {@code gemini} translation and Anthropic Claude models with the {@code anthropic} translation
 * ({@code :rawPredict} / {@code :streamRawPredict}), chosen by model name ({@code claude*} is
 * Anthropic) unless {@code publisher} says otherwise.
 *
 * <p>Base URL: {@code https://{location}-aiplatform.googleapis.com} ({@code
 * https://aiplatform.googleapis.com} for location {@code global}) unless {@code base_url} says
 * otherwise. Authentication: an OAuth2 access token from Google's auth library, cached and
 * refreshed five minutes before it expires: {@code credentials} (a path to a JSON key file, or the
 * JSON itself: a service account key, an external account for workload identity federation...),
 * else Application Default Credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's user
 * credentials, the metadata server on GCE, GKE workload identity, Cloud Run...), scoped to {@code
 * cloud-platform}.
 *
 * <p>Settings: {@code project} (default: the key file's {@code project_id}, else {@code
 * GOOGLE_CLOUD_PROJECT}), {@code location} (default {@code us-central1}), {@code credentials},
 * {@code publisher} ({@code auto}, {@code google}, {@code anthropic}), {@code api_version} (default
 * {@code v1}), {@code anthropic_version} (default {@code vertex-2023-10-16}), {@code
 * anthropic_beta} (sent as {@code anthropic-beta}), {@code headers}.
 */
public final class VertexProviderFactory implements ProviderFactory {
  /** The type name, {@value}. */
  public static final String TYPE = "vertex_ai";

  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  static final Set<String> SETTINGS =
      Set.of(
          "project",
          "location",
          "credentials",
          "publisher",
          "api_version",
          "anthropic_version",
          "anthropic_beta",
          "headers");

  private static final List<ProviderSetting> SPECS =
      List.of(
          ProviderSetting.of("project", Kind.STRING, "vertex_project", "Google Cloud project id"),
          ProviderSetting.of(
              "location",
              Kind.STRING,
              "vertex_location",
              "region (us-central1, europe-west4) or global"),
          ProviderSetting.of(
              "credentials",
              Kind.STRING,
              "vertex_credentials",
              "path to a credentials JSON file, or the JSON itself; default: Application Default Credentials"),
          ProviderSetting.of(
              "publisher",
              Kind.STRING,
              "auto (claude* models are Anthropic's), google or anthropic"),
          ProviderSetting.of("api_version", Kind.STRING, "v1 (default) or v1beta1"),
          ProviderSetting.of(
              "anthropic_version", Kind.STRING, "anthropic_version sent in Claude request bodies"),
          ProviderSetting.of(
              "anthropic_beta", Kind.STRING_LIST, "anthropic-beta header values for Claude models"),
          ProviderSetting.of(
              "headers",
              Kind.STRING_MAP,
              "extra_headers",
              "extra HTTP headers sent on every call"));

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public VertexProviderFactory() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Provider create(ProviderConfig config) {
    return create(config, Clock.systemUTC());
  }

  @Override
  public List<String> litellmPrefixes() {
    return List.of("vertex_ai");
  }

  @Override
  public List<ProviderSetting> settings() {
    return SPECS;
  }

  static VertexProvider create(ProviderConfig config, Clock clock) {
    Settings s = Settings.of(config, SETTINGS);
    String location = s.string("location", "us-central1").strip().toLowerCase(Locale.ROOT);
    if (!location.matches("[a-z0-9-]+")) {
      throw s.invalid(
          "location",
          "must be a Vertex AI location such as us-central1 or global, got '" + location + "'");
    }
    String apiVersion = s.string("api_version", "v1");
    if (!apiVersion.matches("v1|v1beta1")) {
      throw s.invalid("api_version", "must be v1 or v1beta1, got '" + apiVersion + "'");
    }
    VertexProvider.Publisher publisher;
    try {
      publisher =
          VertexProvider.Publisher.valueOf(
              s.string("publisher", "auto").strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw s.invalid("publisher", "must be auto, google or anthropic");
    }
    if (config.apiKey() != null && !config.apiKey().isBlank()) {
      throw Settings.invalid(
          config,
          "api_key",
          "is not used by vertex_ai (it authenticates with OAuth2"
              + " credentials: set credentials, or rely on Application Default Credentials)");
    }

    String credentials = s.string("credentials", null);
    Supplier<GoogleCredentials> supplier;
    String keyProject = null;
    if (credentials != null && !credentials.isBlank()) {
      byte[] json = credentialsJson(s, credentials.strip());
      keyProject = projectIn(json);
      GoogleCredentials parsed;
      try {
        parsed = GoogleCredentials.fromStream(new ByteArrayInputStream(json));
      } catch (IOException | RuntimeException e) {
        throw s.invalid(
            "credentials", "is not a usable Google credentials JSON: " + e.getMessage());
      }
      GoogleCredentials scoped = parsed.createScoped(List.of(SCOPE));
      supplier = () -> scoped;
    } else {
      supplier =
          () -> {
            try {
              return GoogleCredentials.getApplicationDefault().createScoped(List.of(SCOPE));
            } catch (IOException e) {
              throw new UncheckedIOException(
                  "vertex_ai: no Application Default Credentials: " + e.getMessage(), e);
            }
          };
    }
    String project = s.string("project", null);
    if (project == null || project.isBlank()) {
      project = keyProject != null ? keyProject : System.getenv("GOOGLE_CLOUD_PROJECT");
    }
    if (project == null || project.isBlank()) {
      throw s.invalid(
          "project",
          "is required (the credentials name no project_id and GOOGLE_CLOUD_PROJECT is not set)");
    }

    String host =
        location.equals("global")
            ? "https://aiplatform.googleapis.com"
            : "https://" + location + "-aiplatform.googleapis.com";
    HttpUrl base = Settings.baseUrl(config, host);
    HttpUrl locationUrl =
        base.newBuilder()
            .addPathSegment(apiVersion)
            .addPathSegment("projects")
            .addPathSegment(project.strip())
            .addPathSegment("locations")
            .addPathSegment(location)
            .build();

    Headers.Builder h = new Headers.Builder();
    List<String> beta = s.stringList("anthropic_beta");
    if (!beta.isEmpty()) {
      h.set("anthropic-beta", String.join(",", beta));
    }
    for (Map.Entry<String, String> e : s.stringMap("headers").entrySet()) {
      try {
        h.set(e.getKey(), e.getValue());
      } catch (IllegalArgumentException bad) {
        throw s.invalid(
            "headers", "has an invalid header '" + e.getKey() + "': " + bad.getMessage());
      }
    }
    AccessTokens tokens = new AccessTokens(supplier, clock, AccessTokens.DEFAULT_REFRESH_MARGIN);
    return new VertexProvider(
        config,
        locationUrl,
        h.build(),
        tokens,
        publisher,
        s.string("anthropic_version", VertexProvider.DEFAULT_ANTHROPIC_VERSION),
        clock);
  }

  /** The JSON itself when the setting starts with '{', else the content of the file it names. */
  private static byte[] credentialsJson(Settings s, String value) {
    if (value.startsWith("{")) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Files.readAllBytes(Path.of(value));
    } catch (IOException | RuntimeException e) {
      throw s.invalid(
          "credentials",
          "names a file that cannot be read: " + value + " (" + e.getMessage() + ")");
    }
  }

  private static String projectIn(byte[] json) {
    try {
      var node = Json.mapper().readTree(json);
      var p = node == null ? null : node.get("project_id");
      return p == null || !p.isTextual() ? null : p.asText();
    } catch (IOException e) {
      return null;
    }
  }
}
