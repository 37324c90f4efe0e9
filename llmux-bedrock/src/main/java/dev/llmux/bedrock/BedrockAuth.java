package dev.llmux.bedrock;

import dev.llmux.api.error.AuthenticationException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
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
  abstract Request authenticate(Request request, byte[] body);

  @Override
  public void close() {}

  static BedrockAuth bearer(String apiKey) {
    return new BedrockAuth() {
      @Override
      Request authenticate(Request request, byte[] body) {
        return request.newBuilder().header("Authorization", "Bearer " + apiKey).build();
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
    Request authenticate(Request request, byte[] body) {
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
              // The URL's own text keeps the path encoded as sent (%3A in model ids); the signer
              // encodes
              // it once more for the canonical request, as Bedrock does when it verifies.
              .uri(URI.create(request.url().toString()));
      // Every header sent is signed (extra headers from settings or the call included).
      for (String name : request.headers().names()) {
        unsigned.putHeader(name, request.headers(name));
      }
      if (request.header("Content-Type") == null
          && request.body() != null
          && request.body().contentType() != null) {
        unsigned.putHeader("Content-Type", request.body().contentType().toString());
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
      Request.Builder b = request.newBuilder();
      for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
        String name = h.getKey();
        if (name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Content-Type")) {
          continue; // OkHttp writes the same Host (host[:port]); Content-Type comes with the body
        }
        b.removeHeader(name);
        for (String v : h.getValue()) {
          b.addHeader(name, v);
        }
      }
      return b.build();
    }

    @Override
    public void close() {
      if (credentials instanceof SdkAutoCloseable c) {
        c.close();
      }
    }
  }
}
