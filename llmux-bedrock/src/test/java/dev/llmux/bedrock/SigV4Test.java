package dev.llmux.bedrock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.spi.ProviderConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * The SigV4 {@code Authorization} header Bedrock receives, checked two ways: recomputed by the AWS
 * SDK's own signer from the request as received (same clock and key), and verified as Bedrock
 * verifies it, from the raw bytes on the wire with an independent implementation of the algorithm
 * (itself checked against AWS's published get-vanilla test vector).
 */
class SigV4Test extends BedrockTestSupport {
  private static final Pattern AUTH =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

  private static final String ANSWER =
      """
      {"output":{"message":{"content":[{"text":"ok"}],"role":"assistant"}},"stopReason":"end_turn",
       "usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2}}""";

  private static LoggedRequest callAndCapture(BedrockProvider provider, String model, String path) {
    wm.stubFor(
        post(path)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(ANSWER)));
    provider.chat(ChatCompletionRequest.of(model, ChatMessage.user("Sign me")), OPTIONS);
    List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlEqualTo(path)));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  @Test
  void theIndependentVerifierReproducesAwsGetVanillaVector() throws Exception {
    String canonical =
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + sha256Hex(new byte[0]);
    assertThat(signature(SECRET_KEY, "20150830T123600Z", "us-east-1", "service", canonical))
        .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void bedrockCanVerifyTheSignatureFromTheWire() throws Exception {
    LoggedRequest req = callAndCapture(bedrock(), CLAUDE, CLAUDE_PATH + "/converse");
    Matcher m = AUTH.matcher(req.getHeader("Authorization"));
    assertThat(m.matches()).isTrue();
    assertThat(m.group(1)).isEqualTo(ACCESS_KEY);
    assertThat(m.group(2)).isEqualTo("20250115");
    assertThat(m.group(3)).isEqualTo("us-east-1");
    assertThat(m.group(4)).isEqualTo("bedrock");
    assertThat(req.getHeader("X-Amz-Date")).isEqualTo("20250115T120000Z");
    List<String> signed = List.of(m.group(5).split(";"));
    assertThat(signed).contains("host", "x-amz-date", "content-type");
    assertThat(verify(req, SECRET_KEY, "us-east-1", "bedrock")).isEqualTo(m.group(6));
  }

  @Test
  void theAwsSdkSignerComputesTheSameHeaderForTheReceivedRequest() {
    LoggedRequest req = callAndCapture(bedrock(), CLAUDE, CLAUDE_PATH + "/converse");
    Matcher m = AUTH.matcher(req.getHeader("Authorization"));
    assertThat(m.matches()).isTrue();
    SdkHttpRequest.Builder unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(URI.create(wm.baseUrl() + req.getUrl()));
    for (String name : m.group(5).split(";")) {
      if (!name.equals("host")
          && !name.equals("x-amz-date")
          && !name.equals("x-amz-content-sha256")) {
        unsigned.putHeader(name, req.getHeader(name));
      }
    }
    String expected =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))
                        .request(unsigned.build())
                        .payload(ContentStreamProvider.fromByteArray(req.getBody()))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK))
            .request()
            .firstMatchingHeader("Authorization")
            .orElseThrow();
    assertThat(req.getHeader("Authorization")).isEqualTo(expected);
  }

  @Test
  void sessionTokensAreSentAndSigned() throws Exception {
    BedrockProvider p =
        BedrockProviderFactory.create(
            config(Map.of("session_token", "FwoGZXIvYXdzEXAMPLE")), CLOCK);
    LoggedRequest req = callAndCapture(p, CLAUDE, CLAUDE_PATH + "/converse");
    assertThat(req.getHeader("X-Amz-Security-Token")).isEqualTo("FwoGZXIvYXdzEXAMPLE");
    Matcher m = AUTH.matcher(req.getHeader("Authorization"));
    assertThat(m.matches()).isTrue();
    assertThat(m.group(5).split(";")).contains("x-amz-security-token");
    assertThat(verify(req, SECRET_KEY, "us-east-1", "bedrock")).isEqualTo(m.group(6));
  }

  @Test
  void inferenceProfileArnsAreOnePathSegmentAndStillVerify() throws Exception {
    String arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz";
    LoggedRequest req =
        callAndCapture(
            bedrock(),
            arn,
            "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123xyz/converse");
    Matcher m = AUTH.matcher(req.getHeader("Authorization"));
    assertThat(m.matches()).isTrue();
    assertThat(verify(req, SECRET_KEY, "us-east-1", "bedrock")).isEqualTo(m.group(6));
  }

  @Test
  void aBedrockApiKeyIsABearerTokenAndNothingIsSigned() {
    wm.stubFor(
        post(CLAUDE_PATH + "/converse")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(ANSWER)));
    BedrockProvider p =
        BedrockProviderFactory.create(
            new ProviderConfig(
                "aws",
                "bedrock",
                "ABSKQmVkcm9ja0FQSUtleS1example",
                wm.baseUrl(),
                Map.of("region", "us-east-1")),
            CLOCK);
    p.chat(ChatCompletionRequest.of(CLAUDE, ChatMessage.user("Hi")), OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse"))
            .withHeader("Authorization", equalTo("Bearer ABSKQmVkcm9ja0FQSUtleS1example"))
            .withHeader("X-Amz-Date", absent()));
  }

  /** Verifies {@code req} as the server does: the canonical request rebuilt from what arrived. */
  static String verify(LoggedRequest req, String secret, String region, String service)
      throws Exception {
    Matcher m = AUTH.matcher(req.getHeader("Authorization"));
    if (!m.matches()) {
      throw new AssertionError("not a SigV4 header: " + req.getHeader("Authorization"));
    }
    String signedHeaders = m.group(5);
    String rawPath = req.getUrl();
    int q = rawPath.indexOf('?');
    String query = q < 0 ? "" : rawPath.substring(q + 1);
    String path = q < 0 ? rawPath : rawPath.substring(0, q);
    StringBuilder canonicalHeaders = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      String value = req.getHeader(name);
      if (value == null) {
        throw new AssertionError("signed header " + name + " did not arrive");
      }
      canonicalHeaders
          .append(name.toLowerCase(Locale.ROOT))
          .append(':')
          .append(value.strip().replaceAll(" +", " "))
          .append('\n');
    }
    String payloadHash = sha256Hex(req.getBody());
    String sent = req.getHeader("x-amz-content-sha256");
    if (sent != null) {
      assertThat(sent).isEqualTo(payloadHash);
    }
    String canonical =
        req.getMethod().getName()
            + "\n"
            + canonicalUri(path)
            + "\n"
            + query
            + "\n"
            + canonicalHeaders
            + "\n"
            + signedHeaders
            + "\n"
            + payloadHash;
    return signature(secret, req.getHeader("X-Amz-Date"), region, service, canonical);
  }

  /** Non-S3 services encode each path segment once more (the raw path already is encoded once). */
  static String canonicalUri(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String segment : rawPath.split("/", -1)) {
      StringBuilder sb = new StringBuilder();
      for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
        int c = b & 0xff;
        if ((c >= 'a' && c <= 'z')
            || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9')
            || c == '-'
            || c == '_'
            || c == '.'
            || c == '~') {
          sb.append((char) c);
        } else {
          sb.append(String.format("%%%02X", c));
        }
      }
      out.add(sb.toString());
    }
    return String.join("/", out);
  }

  static String signature(
      String secret, String amzDate, String region, String service, String canonicalRequest)
      throws Exception {
    String date = amzDate.substring(0, 8);
    String stringToSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + date
            + "/"
            + region
            + "/"
            + service
            + "/aws4_request\n"
            + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    k = hmac(k, "aws4_request");
    return HexFormat.of().formatHex(hmac(k, stringToSign));
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256Hex(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
