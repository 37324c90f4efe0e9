package dev.llmux.bedrock;

import dev.llmux.api.error.AuthenticationException;
import dev.llmux.providers.transport.UpstreamRequest;
import dev.llmux.providers.transport.UpstreamRequest.Header;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * How a Bedrock request is authenticated: a Bedrock API key ({@code Authorization: Bearer}), or AWS
 * Signature Version 4 computed by the AWS SDK's own {@link AwsV4HttpSigner} (service {@code
 * bedrock}, the deployment's region) with credentials from a provider (explicit keys, a named
 * profile, or the SDK's default chain). Thread-safe.
 */
abstract class BedrockAuth implements AutoCloseable {
  /** The SigV4 signing name of the Bedrock runtime API. */
  static final String SIGNING_NAME = "bedrock";

  /** Returns {@code request} (whose body is {@code body}) authenticated. */
  abstract UpstreamRequest authenticate(UpstreamRequest request, byte[] body);

  /** {@code request} with header {@code name} set to {@code value} (replacing any of that name). */
  static UpstreamRequest withHeader(UpstreamRequest request, String name, String value) {
    return replacing(request, Map.of(name, List.of(value)));
  }

  /**
   * {@code request} with the headers of {@code replacements} replacing those of the same names
   * (case-insensitive); other headers and the body kept.
   */
  static UpstreamRequest replacing(
      UpstreamRequest request, Map<String, List<String>> replacements) {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(replacements.keySet());
    UpstreamRequest.Builder b = UpstreamRequest.builder(request.method(), request.uri());
    for (Header h : request.headers()) {
      if (!names.contains(h.name())) {
        b.header(h.name(), h.value());
      }
    }
    replacements.forEach((n, values) -> values.forEach(v -> b.header(n, v)));
    return b.body(request.body()).build();
  }

  @Override
  public void close() {}

  static BedrockAuth bearer(String apiKey) {
    return new BedrockAuth() {
      @Override
      UpstreamRequest authenticate(UpstreamRequest request, byte[] body) {
        return withHeader(request, "Authorization", "Bearer " + apiKey);
      }
    };
  }

  static BedrockAuth sigV4(AwsCredentialsProvider credentials, String region, Clock clock) {
    return new SigV4(credentials, region, clock);
  }

  /** SigV4 with the AWS SDK's signer. */
  static final class SigV4 extends BedrockAuth {
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;

    SigV4(AwsCredentialsProvider credentials, String region, Clock clock) {
      this.credentials = credentials;
      this.region = region;
      this.clock = clock;
    }

    @Override
    UpstreamRequest authenticate(UpstreamRequest request, byte[] body) {
      AwsCredentials identity;
      try {
        identity = credentials.resolveCredentials();
      } catch (SdkException e) {
        // No credentials in the chain, an unreadable profile, STS refusing the web identity token:
        // the deployment cannot authenticate until its configuration or environment changes.
        throw new AuthenticationException(
            "bedrock: cannot resolve AWS credentials: " + e.getMessage(),
            "aws_credentials",
            null,
            e);
      }
      SdkHttpRequest.Builder unsigned =
          SdkHttpRequest.builder()
              .method(SdkHttpMethod.fromValue(request.method()))
              // The URI's own text keeps the path encoded as sent (%3A in model ids); the signer
              // encodes it once more for the canonical request, as Bedrock does when it verifies.
              .uri(request.uri());
      // Every header sent is signed (extra headers from settings or the call included).
      boolean contentType = false;
      for (Header h : request.headers()) {
        unsigned.appendHeader(h.name(), h.value());
        contentType |= h.name().toLowerCase(Locale.ROOT).equals("content-type");
      }
      if (!contentType && request.body() != null) {
        unsigned.putHeader("Content-Type", request.body().contentType());
      }
      SignedRequest signed =
          SIGNER.sign(
              r ->
                  r.identity(identity)
                      .request(unsigned.build())
                      .payload(
                          body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(body))
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                      .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                      .putProperty(HttpSigner.SIGNING_CLOCK, clock));
      Map<String, List<String>> added = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
        String name = h.getKey();
        if (name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Content-Type")) {
          // the transport writes the same Host (host[:port]); Content-Type comes with the body
          continue;
        }
        added.put(name, h.getValue());
      }
      return replacing(request, added);
    }

    @Override
    public void close() {
      if (credentials instanceof SdkAutoCloseable c) {
        c.close();
      }
    }
  }
}
