package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.responses.ResponseContent;
import dev.llmux.api.responses.ResponseItem;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.responses.ResponseUsage;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ResponseEventStream;
import dev.llmux.core.cache.CacheStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Responses API calls (plain and streamed) and legacy completions run through every stage of the
 * pipeline like chat: interceptors, the response cache (stored, replayed, shared between plain and
 * streamed responses) and the cache directives removed before the request goes upstream.
 */
class ResponsesPipelineTest {
  private final FakeTime time = new FakeTime();
  private final NativeProvider upstream = new NativeProvider();
  private final List<CallRecord> records = Collections.synchronizedList(new ArrayList<>());

  private LlmRouter.Builder base() {
    return LlmRouter.builder()
        .clock(time)
        .ticker(time)
        .sleeper(time)
        .provider(upstream)
        .callListener(records::add)
        .deployment(Deployment.builder("g", "native").model("m").id("d1").build());
  }

  private LlmRouter cached() {
    return base()
        .cache(CacheStore.inMemory(100, 1 << 20, time))
        .cache(dev.llmux.core.config.CacheConfig.custom().ttl(Duration.ofMinutes(10)).build())
        .build();
  }

  private static List<ResponseStreamEvent> drain(ResponseStream s) {
    List<ResponseStreamEvent> out = new ArrayList<>();
    try (s) {
      s.forEach(out::add);
    }
    return out;
  }

  // ------------------------------------------------------------------ interceptors

  @Test
  void interceptorsWrapResponsesStreamedResponsesAndCompletions() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Interceptor rewrite =
        new Interceptor() {
          @Override
          public RouteResult<ResponseObject> interceptResponses(
              Chain<ResponsesRequest, RouteResult<ResponseObject>> chain) {
            seen.add("responses " + chain.request().model());
            return chain.proceed(chain.request().withModel("g"), chain.context());
          }

          @Override
          public ResponseStream interceptStreamResponses(
              Chain<ResponsesRequest, ResponseStream> chain) {
            seen.add("streamResponses " + chain.request().model());
            return chain.proceed(chain.request().withModel("g"), chain.context());
          }

          @Override
          public RouteResult<CompletionResponse> interceptCompletions(
              Chain<CompletionRequest, RouteResult<CompletionResponse>> chain) {
            seen.add("completions " + chain.request().model() + " " + chain.context().userId());
            return chain.proceed(
                chain.request().withModel("g"), RequestContext.builder().userId("u2").build());
          }
        };
    try (LlmRouter router = base().interceptor(rewrite).build()) {
      assertThat(router.responses(ResponsesRequest.of("alias-less", "hi")).response().outputText())
          .isEqualTo("native answer");
      assertThat(drain(router.streamResponses(ResponsesRequest.of("other", "hi")))).isNotEmpty();
      assertThat(
              router
                  .completions(
                      CompletionRequest.of("x", "hi"),
                      RequestContext.builder().userId("u1").build())
                  .response()
                  .text())
          .isEqualTo("native completion");
    }
    assertThat(seen)
        .containsExactly("responses alias-less", "streamResponses other", "completions x u1");
    assertThat(upstream.models).containsExactly("m", "m", "m");
    assertThat(records).extracting(CallRecord::userId).containsExactly(null, null, "u2");
  }

  @Test
  void anInterceptorMayAnswerResponsesAndCompletionsItself() {
    RouteResult<ResponseObject> canned =
        new RouteResult<>(
            response("resp_canned", "canned"),
            "r",
            "g",
            "g",
            null,
            null,
            List.of(),
            Duration.ZERO,
            null,
            Usage.of(0, 0),
            0.0,
            false);
    Interceptor answer =
        new Interceptor() {
          @Override
          public RouteResult<ResponseObject> interceptResponses(
              Chain<ResponsesRequest, RouteResult<ResponseObject>> chain) {
            return canned;
          }

          @Override
          public RouteResult<CompletionResponse> interceptCompletions(
              Chain<CompletionRequest, RouteResult<CompletionResponse>> chain) {
            throw new BadRequestException("blocked by guardrail", "prompt");
          }
        };
    try (LlmRouter router = base().interceptor(answer).build()) {
      assertThat(router.responses(ResponsesRequest.of("g", "hi"))).isSameAs(canned);
      assertThatThrownBy(() -> router.completions(CompletionRequest.of("g", "hi")))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("guardrail");
    }
    assertThat(upstream.models).isEmpty();
  }

  // ------------------------------------------------------------------ cache

  @Test
  void responsesAreCachedAndTheirDirectivesNeverGoUpstream() {
    try (LlmRouter router = cached()) {
      ResponsesRequest req =
          ResponsesRequest.of("g", "hi").withExtra(Map.of("cache", Map.of("ttl", 60)));
      RouteResult<ResponseObject> first = router.responses(req);
      RouteResult<ResponseObject> second = router.responses(req);
      assertThat(first.cacheHit()).isFalse();
      assertThat(second.cacheHit()).isTrue();
      assertThat(second.cost()).isZero();
      assertThat(second.attempts()).isEmpty();
      assertThat(second.usage()).isEqualTo(first.response().usage().toUsage());
      assertThat(second.response().outputText()).isEqualTo("native answer");
      assertThat(upstream.models).hasSize(1);
      assertThat(upstream.extras).containsExactly(Map.of());
      // no-cache reads past the entry; a different input is another entry
      router.responses(
          ResponsesRequest.of("g", "hi").withExtra(Map.of("cache", Map.of("no-cache", true))));
      router.responses(ResponsesRequest.of("g", "something else"));
      assertThat(upstream.models).hasSize(3);
    }
    assertThat(records).extracting(CallRecord::operation).containsOnly("responses");
    assertThat(records).extracting(CallRecord::cacheHit).containsExactly(false, true, false, false);
  }

  @Test
  void aBadCacheDirectiveOnAResponsesCallIsABadRequest() {
    try (LlmRouter router = cached()) {
      ResponsesRequest req =
          ResponsesRequest.of("g", "hi").withExtra(Map.of("cache", Map.of("bogus", 1)));
      assertThatThrownBy(() -> router.responses(req))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("bogus");
    }
  }

  @Test
  void aCompletedResponseStreamIsStoredAndServesPlainAndStreamedCalls() {
    try (LlmRouter router = cached()) {
      ResponsesRequest req = ResponsesRequest.of("g", "hi");
      List<ResponseStreamEvent> live = drain(router.streamResponses(req));
      assertThat(live.get(live.size() - 1).type()).isEqualTo("response.completed");
      assertThat(upstream.models).hasSize(1);

      RouteResult<ResponseObject> plain = router.responses(req);
      assertThat(plain.cacheHit()).isTrue();
      assertThat(json(plain.response())).isEqualTo(json(live.get(live.size() - 1).response()));

      ResponseStream replayed = router.streamResponses(req);
      assertThat(replayed.result().cacheHit()).isTrue();
      List<ResponseStreamEvent> events = drain(replayed);
      assertValidSequence(events, plain.response());
      assertThat(upstream.models).hasSize(1);
    }
  }

  @Test
  void aPlainResponseIsReplayedAsAValidEventSequence() {
    try (LlmRouter router = cached()) {
      ResponsesRequest req = ResponsesRequest.of("g", "hi");
      ResponseObject stored = router.responses(req).response();
      List<ResponseStreamEvent> events = drain(router.streamResponses(req));
      assertValidSequence(events, stored);
      assertThat(events)
          .extracting(ResponseStreamEvent::type)
          .containsExactly(
              "response.created",
              "response.in_progress",
              "response.output_item.added",
              "response.reasoning_summary_text.delta",
              "response.reasoning_summary_text.done",
              "response.output_item.done",
              "response.output_item.added",
              "response.content_part.added",
              "response.output_text.delta",
              "response.output_text.done",
              "response.content_part.done",
              "response.output_item.done",
              "response.output_item.added",
              "response.function_call_arguments.delta",
              "response.function_call_arguments.done",
              "response.output_item.done",
              "response.completed");
      assertThat(upstream.models).hasSize(1);
    }
  }

  @Test
  void aStreamMappedOntoChatIsStoredToo() {
    ScriptedProvider chatOnly = new ScriptedProvider("p");
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(chatOnly)
            .deployment(Deployment.builder("g", "p").model("m").build())
            .cache(CacheStore.inMemory(100, 1 << 20, time))
            .build()) {
      ResponsesRequest req = ResponsesRequest.of("g", "hi");
      List<ResponseStreamEvent> live = drain(router.streamResponses(req));
      RouteResult<ResponseObject> plain = router.responses(req);
      assertThat(plain.cacheHit()).isTrue();
      assertThat(plain.response().outputText()).isEqualTo("ab");
      assertThat(plain.usage().promptTokens()).isEqualTo(7);
      assertThat(plain.usage().completionTokens()).isEqualTo(2);
      assertThat(drain(router.streamResponses(req)))
          .extracting(ResponseStreamEvent::type)
          .startsWith("response.created")
          .endsWith("response.completed");
      assertThat(live).isNotEmpty();
      assertThat(chatOnly.calls).hasSize(1);
    }
  }

  @Test
  void aResponseStreamThatFailsOrIsClosedEarlyIsNotStored() {
    try (LlmRouter router = cached()) {
      ResponsesRequest req = ResponsesRequest.of("g", "hi");
      upstream.failMidStream = true;
      assertThatThrownBy(() -> drain(router.streamResponses(req)))
          .isInstanceOf(UpstreamServerException.class);
      upstream.failMidStream = false;
      ResponseStream s = router.streamResponses(req);
      s.next();
      s.close();
      assertThat(router.responses(req).cacheHit()).isFalse();
      assertThat(upstream.models).hasSize(3);
    }
  }

  @Test
  void completionsAreCached() {
    try (LlmRouter router = cached()) {
      CompletionRequest req = CompletionRequest.of("g", "Say hi");
      RouteResult<CompletionResponse> first = router.completions(req);
      RouteResult<CompletionResponse> second = router.completions(req);
      assertThat(first.cacheHit()).isFalse();
      assertThat(second.cacheHit()).isTrue();
      assertThat(second.cost()).isZero();
      assertThat(second.response().text()).isEqualTo("native completion");
      assertThat(second.usage().promptTokens()).isEqualTo(4);
      assertThat(second.usage().completionTokens()).isEqualTo(2);
      assertThat(router.completions(CompletionRequest.of("g", "Say hello")).cacheHit()).isFalse();
      assertThat(upstream.models).hasSize(2);
    }
    assertThat(records).extracting(CallRecord::operation).containsOnly("completions");
  }

  @Test
  void responsesAndChatDoNotShareEntries() {
    ScriptedProvider chatOnly = new ScriptedProvider("p");
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(chatOnly)
            .deployment(Deployment.builder("g", "p").model("m").build())
            .cache(CacheStore.inMemory(100, 1 << 20, time))
            .build()) {
      router.responses(ResponsesRequest.of("g", "hi"));
      RouteResult<ChatCompletionResponse> chat =
          router.chat(ChatCompletionRequest.of("g", dev.llmux.api.chat.ChatMessage.user("hi")));
      assertThat(chat.cacheHit()).isFalse();
      assertThat(chatOnly.calls).hasSize(2);
    }
  }

  /**
   * Sequence numbers from 0, created first, the final event carries the response, the deltas add
   * up.
   */
  private static void assertValidSequence(
      List<ResponseStreamEvent> events, ResponseObject response) {
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).sequenceNumber()).isEqualTo(i);
    }
    assertThat(events.get(0).type()).isEqualTo("response.created");
    assertThat(events.get(0).response().status()).isEqualTo("in_progress");
    assertThat(events.get(0).response().output()).isEmpty();
    assertThat(events.get(1).type()).isEqualTo("response.in_progress");
    ResponseStreamEvent last = events.get(events.size() - 1);
    assertThat(last.type()).isEqualTo("response.completed");
    assertThat(json(last.response())).isEqualTo(json(response));
    StringBuilder text = new StringBuilder();
    for (ResponseStreamEvent e : events) {
      if ("response.output_text.delta".equals(e.type())) {
        text.append(e.delta());
      }
    }
    assertThat(text.toString()).isEqualTo(response.outputText());
    assertThat(
            events.stream()
                .filter(e -> "response.output_item.done".equals(e.type()))
                .map(e -> json(e.item())))
        .containsExactlyElementsOf(
            response.output().stream().map(ResponsesPipelineTest::json).toList());
  }

  /** As JSON: a response read back from the cache holds maps where the original held records. */
  private static JsonNode json(Object o) {
    return Json.mapper().valueToTree(o);
  }

  private static ResponseObject response(String id, String text) {
    return new ResponseObject(
        id,
        ResponseObject.OBJECT,
        1,
        "completed",
        "m",
        List.of(
            ResponseItem.reasoning("rs_1", List.of(ResponseContent.summaryText("thinking"))),
            ResponseItem.message(
                "msg_1", "assistant", "completed", List.of(ResponseContent.outputText(text))),
            ResponseItem.functionCall("fc_1", "call_1", "lookup", "{\"q\":1}", "completed")),
        ResponseUsage.of(Usage.of(5, 3)),
        null,
        null,
        null,
        null,
        null);
  }

  /** An upstream with native Responses and completions APIs. */
  private static final class NativeProvider implements Provider {
    final List<String> models = Collections.synchronizedList(new ArrayList<>());
    final List<Map<String, Object>> extras = Collections.synchronizedList(new ArrayList<>());
    volatile boolean failMidStream;

    @Override
    public ProviderConfig config() {
      return ProviderConfig.of("native", "native", null, null);
    }

    @Override
    public boolean supportsResponses() {
      return true;
    }

    @Override
    public boolean supportsCompletions() {
      return true;
    }

    @Override
    public ResponseObject responses(ResponsesRequest request, CallOptions options) {
      models.add(request.model());
      extras.add(request.extra());
      return response("resp_1", "native answer");
    }

    @Override
    public ResponseEventStream streamResponses(ResponsesRequest request, CallOptions options) {
      models.add(request.model());
      extras.add(request.extra());
      ResponseObject done = response("resp_2", "streamed answer");
      List<ResponseStreamEvent> events =
          new ArrayList<>(dev.llmux.core.internal.cache.ResponseReplay.events(done));
      Iterator<ResponseStreamEvent> it = events.iterator();
      boolean fail = failMidStream;
      return new ResponseEventStream() {
        private int served;

        @Override
        public boolean hasNext() {
          if (fail && served == 3) {
            throw new UpstreamServerException("upstream went away", null, null);
          }
          return it.hasNext();
        }

        @Override
        public ResponseStreamEvent next() {
          served++;
          return it.next();
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public CompletionResponse completions(CompletionRequest request, CallOptions options) {
      models.add(request.model());
      extras.add(request.extra());
      return new CompletionResponse(
          "cmpl-1",
          CompletionResponse.OBJECT,
          1,
          request.model(),
          List.of(new CompletionResponse.Choice("native completion", 0, null, "stop", null)),
          Usage.of(4, 2),
          null,
          null);
    }

    @Override
    public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ModelList listModels(CallOptions options) {
      return ModelList.of(List.of());
    }
  }
}
