package dev.llmux.bedrock;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.api.spi.ProviderSetting.Kind;
import dev.llmux.providers.internal.Settings;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * Creates providers of type {@code bedrock}: Amazon Bedrock's runtime API ({@code
 * https://bedrock-runtime.{region}.amazonaws.com} unless {@code base_url} says otherwise, for
 * example a VPC endpoint), Converse and ConverseStream for chat, InvokeModel for Titan and Cohere
 * embeddings. The model is a Bedrock model id, a cross-region inference profile id ({@code
 * us.anthropic.claude-3-5-sonnet-20241022-v2:0}) or an ARN.
 *
 * <p>Authentication: AWS Signature Version 4 by the AWS SDK's signer, with credentials from, in
 * order: {@code access_key_id} + {@code secret_access_key} (+ {@code session_token}), the named
 * {@code profile}, else the SDK's default chain (environment, system properties, web identity token
 * file, shared config and credentials files, container and instance credentials). A {@code api_key}
 * is a Bedrock API key, sent as {@code Authorization: Bearer} instead of signing.
 *
 * <p>Settings: {@code region} (default: {@code AWS_REGION} / {@code aws.region}, else the profile's
 * region), {@code access_key_id}, {@code secret_access_key}, {@code session_token}, {@code
 * profile}, {@code headers}. See {@code docs/providers.md} for the translation.
 */
public final class BedrockProviderFactory implements ProviderFactory {
  /** The type name, {@value}. */
  public static final String TYPE = "bedrock";

  static final Set<String> SETTINGS =
      Set.of("region", "access_key_id", "secret_access_key", "session_token", "profile", "headers");

  private static final List<ProviderSetting> SPECS =
      List.of(
          ProviderSetting.of(
              "region", Kind.STRING, "aws_region_name", "AWS region of the deployment (us-east-1)"),
          ProviderSetting.of(
              "access_key_id", Kind.STRING, "aws_access_key_id", "explicit AWS access key id"),
          ProviderSetting.of(
              "secret_access_key",
              Kind.STRING,
              "aws_secret_access_key",
              "explicit AWS secret access key"),
          ProviderSetting.of(
              "session_token",
              Kind.STRING,
              "aws_session_token",
              "session token of temporary credentials"),
          ProviderSetting.of(
              "profile",
              Kind.STRING,
              "aws_profile_name",
              "named profile of the shared AWS config files"),
          ProviderSetting.of(
              "headers",
              Kind.STRING_MAP,
              "extra_headers",
              "extra HTTP headers sent (and signed) on every call"));

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public BedrockProviderFactory() {}

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
    return List.of("bedrock");
  }

  @Override
  public List<ProviderSetting> settings() {
    return SPECS;
  }

  /** With an injected clock (the signing time in tests). */
  static BedrockProvider create(ProviderConfig config, Clock clock) {
    Settings s = Settings.of(config, SETTINGS);
    String region = s.string("region", null);
    if (region == null || region.isBlank()) {
      region = defaultRegion(config);
    }
    if (!region.matches("[a-z0-9-]+")) {
      throw s.invalid(
          "region", "must be an AWS region name such as us-east-1, got '" + region + "'");
    }
    HttpUrl base = Settings.baseUrl(config, "https://bedrock-runtime." + region + ".amazonaws.com");
    String accessKey = s.string("access_key_id", null);
    String secretKey = s.string("secret_access_key", null);
    String sessionToken = s.string("session_token", null);
    String profile = s.string("profile", null);
    boolean apiKey = config.apiKey() != null && !config.apiKey().isBlank();
    if ((accessKey == null) != (secretKey == null)) {
      throw s.invalid(
          accessKey == null ? "access_key_id" : "secret_access_key",
          "is required with " + (accessKey == null ? "secret_access_key" : "access_key_id"));
    }
    if (sessionToken != null && accessKey == null) {
      throw s.invalid("session_token", "needs access_key_id and secret_access_key");
    }
    if (apiKey && (accessKey != null || profile != null)) {
      throw Settings.invalid(
          config,
          "api_key",
          "(a Bedrock API key) cannot be combined with AWS credentials"
              + " (access_key_id / profile): choose one");
    }
    if (accessKey != null && profile != null) {
      throw s.invalid("profile", "cannot be combined with access_key_id");
    }
    BedrockAuth auth;
    if (apiKey) {
      auth = BedrockAuth.bearer(config.apiKey());
    } else {
      AwsCredentialsProvider credentials;
      if (accessKey != null) {
        credentials =
            StaticCredentialsProvider.create(
                sessionToken != null
                    ? AwsSessionCredentials.create(accessKey, secretKey, sessionToken)
                    : AwsBasicCredentials.create(accessKey, secretKey));
      } else if (profile != null) {
        credentials = ProfileCredentialsProvider.builder().profileName(profile).build();
      } else {
        // Resolved on first use and cached (and refreshed) by the SDK.
        credentials = DefaultCredentialsProvider.builder().build();
      }
      auth = BedrockAuth.sigV4(credentials, region, clock);
    }
    Headers.Builder h = new Headers.Builder();
    for (Map.Entry<String, String> e : s.stringMap("headers").entrySet()) {
      try {
        h.set(e.getKey(), e.getValue());
      } catch (IllegalArgumentException bad) {
        throw s.invalid(
            "headers", "has an invalid header '" + e.getKey() + "': " + bad.getMessage());
      }
    }
    return new BedrockProvider(config, base, h.build(), auth, clock);
  }

  /** {@code AWS_REGION} / {@code aws.region}, else the region of the (default or named) profile. */
  private static String defaultRegion(ProviderConfig config) {
    try {
      return new AwsRegionProviderChain(
              new SystemSettingsRegionProvider(),
              new AwsProfileRegionProvider(null, config.setting("profile", null)))
          .getRegion()
          .id();
    } catch (SdkClientException e) {
      throw Settings.invalid(
          config,
          "region",
          "is required (no AWS_REGION in the environment and no region" + " in the AWS profile)");
    }
  }
}
