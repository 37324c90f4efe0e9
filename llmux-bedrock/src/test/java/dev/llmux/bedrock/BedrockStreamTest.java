package dev.llmux.bedrock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.ChunkStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

class BedrockStreamTest extends BedrockTestSupport {

  /**
   * A ConverseStream answer with text, a tool call whose input arrives in two fragments, the stop
   * reason and the metadata with usage, each payload padded with Bedrock's "p" field, in binary
   * event-stream framing.
   */
  static byte[] toolStream() {
    return concat(
        event("messageStart", "{\"p\":\"abcdefghijk\",\"role\":\"assistant\"}"),
        event(
            "contentBlockDelta",
            "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Let me \"},\"p\":\"abcd\"}"),
        event(
            "contentBlockDelta",
            "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"check.\"},\"p\":\"abcdefgh\"}"),
        event("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abcdefghijklmnop\"}"),
        event(
            "contentBlockStart",
            "{\"contentBlockIndex\":1,\"p\":\"ab\",\"start\":{\"toolUse\":"
                + "{\"name\":\"get_weather\",\"toolUseId\":\"tooluse_abc123\"}}}"),
        event(
            "contentBlockDelta",
            "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"location\\\":\"}},\"p\":\"a\"}"),
        event(
            "contentBlockDelta",
            "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\\\"Paris\\\"}\"}},\"p\":\"abc\"}"),
        event("contentBlockStop", "{\"contentBlockIndex\":1,\"p\":\"abcdefg\"}"),
        event("messageStop", "{\"p\":\"abcdefghijklmnopqrstu\",\"stopReason\":\"tool_use\"}"),
        event(
            "metadata",
            "{\"metrics\":{\"latencyMs\":1042},\"p\":\"abcdef\",\"usage\":"
                + "{\"inputTokens\":412,\"outputTokens\":55,\"totalTokens\":467}}"));
  }

  static void stubStream(byte[] body) {
    wm.stubFor(
        post(CLAUDE_PATH + "/converse-stream")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", EVENT_STREAM)
                    .withHeader("x-amzn-RequestId", "req-stream-1")
                    .withBody(body)));
  }

  static ChatCompletionRequest weatherRequest() {
    return ChatCompletionRequest.builder()
        .model(CLAUDE)
        .addMessage(ChatMessage.user("Weather in Paris?"))
        .tools(
            List.of(
                Tool.function(
                    "get_weather",
                    "Get the weather",
                    Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("location", Map.of("type", "string"))))))
        .maxTokens(200)
        .build();
  }

  @Test
  void decodesTextToolCallsFinishAndUsage() {
    stubStream(toolStream());
    List<ChatCompletionChunk> chunks = drain(bedrock().streamChat(weatherRequest(), OPTIONS));

    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse-stream"))
            .withHeader("Accept", equalTo(EVENT_STREAM))
            .withRequestBody(
                equalToJson(
                    """
            {"messages":[{"role":"user","content":[{"text":"Weather in Paris?"}]}],
             "inferenceConfig":{"maxTokens":200},
             "toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","description":"Get the weather",
                 "inputSchema":{"json":{"type":"object","properties":{"location":{"type":"string"}}}}}}]}}
            """)));
    assertThat(chunks.get(0).choices().get(0).delta().role()).isEqualTo("assistant");
    assertThat(content(chunks)).isEqualTo("Let me check.");
    List<ToolCall> toolDeltas = new ArrayList<>();
    String finish = null;
    for (ChatCompletionChunk c : chunks) {
      assertThat(c.id()).isEqualTo("chatcmpl-req-stream-1");
      for (var ch : c.choices()) {
        if (ch.delta().toolCalls() != null) {
          toolDeltas.addAll(ch.delta().toolCalls());
        }
        if (ch.finishReason() != null) {
          finish = ch.finishReason();
        }
      }
    }
    assertThat(toolDeltas.get(0).id()).isEqualTo("tooluse_abc123");
    assertThat(toolDeltas.get(0).function().name()).isEqualTo("get_weather");
    assertThat(toolDeltas.stream().map(t -> t.function().arguments()).reduce("", String::concat))
        .isEqualTo("{\"location\":\"Paris\"}");
    assertThat(toolDeltas).allSatisfy(t -> assertThat(t.index()).isZero());
    assertThat(finish).isEqualTo("tool_calls");
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().promptTokens()).isEqualTo(412);
    assertThat(last.usage().completionTokens()).isEqualTo(55);
  }

  /** The same bytes, fed a few at a time: frames split across reads are put back together. */
  @Test
  void framesSplitAcrossReads() {
    wm.stubFor(
        post(CLAUDE_PATH + "/converse-stream")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", EVENT_STREAM)
                    .withBody(toolStream())
                    .withChunkedDribbleDelay(37, 150)));
    List<ChatCompletionChunk> chunks = drain(bedrock().streamChat(weatherRequest(), OPTIONS));
    assertThat(content(chunks)).isEqualTo("Let me check.");
    assertThat(chunks.get(chunks.size() - 1).usage().totalTokens()).isEqualTo(467);
  }

  /**
   * The oracle: the AWS SDK's own Bedrock client parses the same fixture into the events the
   * translation above relies on, so the fixture is Bedrock's real wire format, not ours.
   */
  @Test
  void theAwsSdkClientReadsTheSameFixture() throws Exception {
    stubStream(toolStream());
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    try (BedrockRuntimeAsyncClient client =
        BedrockRuntimeAsyncClient.builder()
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
            .endpointOverride(URI.create(wm.baseUrl()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build()) {
      ConverseStreamResponseHandler handler =
          ConverseStreamResponseHandler.builder()
              .subscriber(
                  ConverseStreamResponseHandler.Visitor.builder()
                      .onMessageStart(e -> events.add("messageStart " + e.roleAsString()))
                      .onContentBlockStart(
                          e ->
                              events.add(
                                  "contentBlockStart "
                                      + e.contentBlockIndex()
                                      + " "
                                      + e.start().toolUse().toolUseId()
                                      + " "
                                      + e.start().toolUse().name()))
                      .onContentBlockDelta(
                          e ->
                              events.add(
                                  "contentBlockDelta "
                                      + e.contentBlockIndex()
                                      + " "
                                      + (e.delta().text() != null
                                          ? e.delta().text()
                                          : e.delta().toolUse().input())))
                      .onContentBlockStop(
                          e -> events.add("contentBlockStop " + e.contentBlockIndex()))
                      .onMessageStop(e -> events.add("messageStop " + e.stopReasonAsString()))
                      .onMetadata(
                          e ->
                              events.add(
                                  "metadata "
                                      + e.usage().inputTokens()
                                      + " "
                                      + e.usage().outputTokens()))
                      .build())
              .build();
      client
          .converseStream(
              r ->
                  r.modelId(CLAUDE)
                      .messages(
                          Message.builder()
                              .role(ConversationRole.USER)
                              .content(c -> c.text("Weather in Paris?"))
                              .build()),
              handler)
          .get(10, TimeUnit.SECONDS);
    }
    assertThat(events)
        .containsExactly(
            "messageStart assistant",
            "contentBlockDelta 0 Let me ",
            "contentBlockDelta 0 check.",
            "contentBlockStop 0",
            "contentBlockStart 1 tooluse_abc123 get_weather",
            "contentBlockDelta 1 {\"location\":",
            "contentBlockDelta 1 \"Paris\"}",
            "contentBlockStop 1",
            "messageStop tool_use",
            "metadata 412 55");
  }

  @Test
  void anExceptionMessageAfterChunksIsThrownMapped() {
    stubStream(
        concat(
            event("messageStart", "{\"role\":\"assistant\"}"),
            event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}"),
            exception(
                "throttlingException",
                "{\"message\":\"Too many tokens, please wait before trying again.\"}")));
    List<ChatCompletionChunk> seen = new ArrayList<>();
    ChunkStream stream =
        bedrock().streamChat(ChatCompletionRequest.of(CLAUDE, ChatMessage.user("Hi")), OPTIONS);
    assertThatThrownBy(
            () -> {
              try (stream) {
                while (stream.hasNext()) {
                  seen.add(stream.next());
                }
              }
            })
        .isInstanceOf(RateLimitException.class)
        .hasMessage("Too many tokens, please wait before trying again.");
    assertThat(content(seen)).isEqualTo("Hel");
  }

  @Test
  void aDamagedFrameIsAMalformedAnswer() {
    byte[] body = toolStream();
    body[40] ^= 0x20; // inside the first message's headers: its message CRC no longer matches
    stubStream(body);
    assertThatThrownBy(() -> drain(bedrock().streamChat(weatherRequest(), OPTIONS)))
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("malformed bedrock event stream");
  }

  @Test
  void aBodyCutInsideAMessageIsAConnectionFailure() {
    byte[] body = toolStream();
    stubStream(java.util.Arrays.copyOf(body, body.length - 20));
    assertThatThrownBy(() -> drain(bedrock().streamChat(weatherRequest(), OPTIONS)))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("ended inside a message");
  }

  @Test
  void aBodyEndingBeforeMessageStopIsAConnectionFailure() {
    stubStream(
        concat(
            event("messageStart", "{\"role\":\"assistant\"}"),
            event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}")));
    assertThatThrownBy(
            () ->
                drain(
                    bedrock()
                        .streamChat(
                            ChatCompletionRequest.of(CLAUDE, ChatMessage.user("Hi")), OPTIONS)))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("before messageStop");
  }

  @Test
  void anErrorStatusBeforeTheStreamIsMapped() {
    wm.stubFor(
        post(CLAUDE_PATH + "/converse-stream")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withHeader(
                        "x-amzn-ErrorType",
                        "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")
                    .withBody(
                        "{\"message\":\"Too many requests, please wait before trying again.\"}")));
    assertThatThrownBy(
            () ->
                bedrock()
                    .streamChat(ChatCompletionRequest.of(CLAUDE, ChatMessage.user("Hi")), OPTIONS))
        .isInstanceOf(RateLimitException.class);
  }

  @Test
  void reasoningDeltasAndAStreamWithoutMetadataEndAfterMessageStop() {
    stubStream(
        concat(
            event("messageStart", "{\"role\":\"assistant\"}"),
            event(
                "contentBlockDelta",
                "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":\"Thinking...\"}}}"),
            event(
                "contentBlockDelta",
                "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"signature\":\"EqoB\"}}}"),
            event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"text\":\"4\"}}"),
            event("messageStop", "{\"stopReason\":\"end_turn\"}")));
    List<ChatCompletionChunk> chunks =
        drain(
            bedrock()
                .streamChat(ChatCompletionRequest.of(CLAUDE, ChatMessage.user("2+2")), OPTIONS));
    assertThat(
            chunks.stream()
                .map(
                    c ->
                        c.choices().isEmpty()
                            ? null
                            : c.choices().get(0).delta().reasoningContent())
                .filter(java.util.Objects::nonNull))
        .containsExactly("Thinking...");
    assertThat(content(chunks)).isEqualTo("4");
    assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(chunks).noneMatch(c -> c.usage() != null);
  }
}
