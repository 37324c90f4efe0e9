package dev.llmux.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class BedrockProviderFactoryTest {

  private static BedrockProvider create(
      String apiKey, String baseUrl, Map<String, Object> settings) {
    return BedrockProviderFactory.create(
        new ProviderConfig("aws", "bedrock", apiKey, baseUrl, settings), BedrockTestSupport.CLOCK);
  }

  @Test
  void foundByServiceLoaderWithItsLiteLlmPrefixAndSettings() {
    ProviderFactory f =
        ServiceLoader.load(ProviderFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.type().equals("bedrock"))
            .findFirst()
            .orElseThrow();
    assertThat(f.litellmPrefixes()).containsExactly("bedrock");
    assertThat(f.settings())
        .extracting(s -> s.name() + "<-" + s.litellmName())
        .contains(
            "region<-aws_region_name",
            "access_key_id<-aws_access_key_id",
            "secret_access_key<-aws_secret_access_key",
            "session_token<-aws_session_token",
            "profile<-aws_profile_name",
            "headers<-extra_headers");
  }

  @Test
  void regionalEndpointByDefaultAndModelIdsEncoded() {
    BedrockProvider p =
        create(
            null,
            null,
            Map.of("region", "eu-central-1", "access_key_id", "A", "secret_access_key", "S"));
    assertThat(p.url("eu.anthropic.claude-sonnet-4-20250514-v1:0", "converse").toString())
        .isEqualTo(
            "https://bedrock-runtime.eu-central-1.amazonaws.com/model/eu.anthropic.claude-sonnet-4-20250514-v1%3A0/converse");
    assertThat(
            create(
                    null,
                    "https://vpce-123.bedrock-runtime.us-east-1.vpce.amazonaws.com/",
                    Map.of("region", "us-east-1", "access_key_id", "A", "secret_access_key", "S"))
                .url("meta.llama3-70b-instruct-v1:0", "converse-stream")
                .toString())
        .isEqualTo(
            "https://vpce-123.bedrock-runtime.us-east-1.vpce.amazonaws.com/model/meta.llama3-70b-instruct-v1%3A0/converse-stream");
  }

  @Test
  void modelIdsFamiliesAndLiteLlmRoutePrefixes() {
    assertThat(ModelIds.normalize("converse/us.anthropic.claude-3-5-haiku-20241022-v1:0"))
        .isEqualTo("us.anthropic.claude-3-5-haiku-20241022-v1:0");
    assertThat(ModelIds.family("us.anthropic.claude-3-5-haiku-20241022-v1:0"))
        .isEqualTo("anthropic");
    assertThat(ModelIds.family("global.anthropic.claude-sonnet-4-5-20250929-v1:0"))
        .isEqualTo("anthropic");
    assertThat(ModelIds.family("apac.amazon.nova-lite-v1:0")).isEqualTo("amazon");
    assertThat(ModelIds.family("mistral.mistral-large-2407-v1:0")).isEqualTo("mistral");
    assertThat(
            ModelIds.family(
                "arn:aws:bedrock:us-east-1:1:inference-profile/us.meta.llama3-2-90b-instruct-v1:0"))
        .isEqualTo("meta");
    assertThat(ModelIds.family("arn:aws:bedrock:us-east-1:1:application-inference-profile/abc123"))
        .isEmpty();
    assertThat(ModelIds.modelName("us.anthropic.claude-3-5-haiku-20241022-v1:0"))
        .isEqualTo("claude-3-5-haiku-20241022-v1:0");
  }

  @Test
  void invalidConfigurationsNameTheProblem() {
    assertThatThrownBy(
            () -> create(null, null, Map.of("region", "us-east-1", "access_key_id", "A")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret_access_key is required");
    assertThatThrownBy(() -> create("key", null, Map.of("region", "us-east-1", "profile", "dev")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be combined");
    assertThatThrownBy(() -> create(null, null, Map.of("region", "US East")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("region");
    assertThatThrownBy(
            () -> create(null, null, Map.of("region", "us-east-1", "aws_region_name", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting 'aws_region_name'");
  }

  @Test
  void theDefaultChainIsUsedWhenNoCredentialsAreConfigured() {
    // Created without touching the chain: credentials are resolved on the first call.
    assertThat(create(null, null, Map.of("region", "us-west-2"))).isNotNull();
  }
}
