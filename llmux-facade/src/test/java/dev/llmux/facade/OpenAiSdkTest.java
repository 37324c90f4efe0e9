package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.llmux.api.chat.ChatCompletionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The official openai-java SDK as the client of the facade. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiSdkTest {
  static final String KEY = "sk-sdk-test";
  Harness h;
  OpenAIClient client;

  @BeforeAll
  void start() throws Exception {
    h = new Harness(ServerConfig.builder().port(0).masterKey(KEY).build());
    client = sdk(KEY);
  }

  OpenAIClient sdk(String key) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(h.server.baseUri() + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .build();
  }

  @AfterAll
  void stop() throws Exception {
    client.close();
    h.close();
  }

  static ChatCompletionCreateParams params(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hi").build();
  }

  @Test
  void chat() {
    ChatCompletion c =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage("Hi")
                    .putAdditionalBodyProperty("vendor_knob", JsonValue.from(3))
                    .build());
    assertThat(c.choices()).hasSize(1);
    assertThat(c.choices().get(0).message().content()).hasValue("Hello from ok");
    assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(12);
    assertThat(h.provider.requests)
        .anyMatch(
            o ->
                o instanceof ChatCompletionRequest r
                    && Integer.valueOf(3).equals(r.extra().get("vendor_knob")));
  }

  @Test
  void streamingChat() {
    try (StreamResponse<ChatCompletionChunk> s =
        client.chat().completions().createStreaming(params("gpt-4o-mini"))) {
      String text =
          s.stream()
              .flatMap(c -> c.choices().stream())
              .map(ch -> ch.delta().content().orElse(""))
              .collect(Collectors.joining());
      assertThat(text).isEqualTo("Hello!");
    }
  }

  @Test
  void embeddings() {
    CreateEmbeddingResponse e =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("embed")
                    .input(EmbeddingCreateParams.Input.ofArrayOfStrings(List.of("a", "b")))
                    .build());
    assertThat(e.data()).hasSize(2);
    assertThat(e.data().get(0).embedding()).containsExactly(0.25f, -0.5f, 1.0f);
  }

  @Test
  void modelsList() {
    List<String> ids =
        client.models().list().data().stream().map(Model::id).collect(Collectors.toList());
    assertThat(ids).contains("gpt-4o-mini", "embed");
    assertThat(client.models().retrieve("gpt-4o-mini").id()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void typedErrors() {
    OpenAIClient wrong = sdk("sk-wrong");
    try {
      assertThatThrownBy(() -> wrong.chat().completions().create(params("gpt-4o-mini")))
          .isInstanceOf(UnauthorizedException.class);
    } finally {
      wrong.close();
    }
    assertThatThrownBy(() -> client.chat().completions().create(params("no-such-model")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no-such-model");
    assertThatThrownBy(() -> client.chat().completions().create(params("ratelimited")))
        .isInstanceOf(RateLimitException.class)
        .hasMessageContaining("Rate limit reached");
    assertThatThrownBy(() -> client.models().retrieve("nope"))
        .isInstanceOf(NotFoundException.class);
  }

  static ResponseCreateParams responseParams(String model) {
    return ResponseCreateParams.builder().model(model).input("Hi").build();
  }

  @Test
  void responses() {
    Response r = client.responses().create(responseParams("gpt-4o-mini"));
    assertThat(r.output()).hasSize(1);
    assertThat(r.output().get(0).asMessage().content().get(0).asOutputText().text())
        .isEqualTo("Hello from ok");
    assertThat(r.usage().orElseThrow().totalTokens()).isEqualTo(12);
  }

  @Test
  void streamingResponses() {
    List<String> types = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    Response[] completed = new Response[1];
    try (StreamResponse<ResponseStreamEvent> s =
        client.responses().createStreaming(responseParams("gpt-4o-mini"))) {
      s.stream()
          .forEach(
              e -> {
                e.outputTextDelta().ifPresent(d -> text.append(d.delta()));
                e.completed().ifPresent(c -> completed[0] = c.response());
                types.add(e.isCreated() ? "created" : e.isCompleted() ? "completed" : "other");
              });
    }
    assertThat(text.toString()).isEqualTo("Hello!");
    assertThat(types.get(0)).isEqualTo("created");
    assertThat(types.get(types.size() - 1)).isEqualTo("completed");
    assertThat(completed[0].output().get(0).asMessage().content().get(0).asOutputText().text())
        .isEqualTo("Hello!");
  }

  @Test
  void aStreamFailureReachesTheSdkAsAnErrorEvent() {
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> s =
        client.responses().createStreaming(responseParams("mid-fail"))) {
      s.stream().forEach(events::add);
    }
    ResponseStreamEvent last = events.get(events.size() - 1);
    assertThat(last.isError()).isTrue();
    assertThat(last.asError().message()).isEqualTo("upstream connection reset mid-stream");
    assertThat(last.asError().code()).hasValue("upstream_error");
    assertThat(last.asError().sequenceNumber()).isEqualTo(events.size() - 1);
  }

  @Test
  void legacyCompletions() {
    Completion c =
        client
            .completions()
            .create(
                CompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .prompt("Say hi")
                    .maxTokens(5)
                    .build());
    assertThat(c.choices().get(0).text()).isEqualTo("Hello from ok");
    assertThatThrownBy(() -> client.responses().create(responseParams("no-such-model")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no-such-model");
    assertThatThrownBy(
            () ->
                client
                    .completions()
                    .create(
                        CompletionCreateParams.builder().model("ratelimited").prompt("x").build()))
        .isInstanceOf(RateLimitException.class);
  }
}
