package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.core.cache.CacheStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every way a call can end reports exactly one {@link CallRecord} to the call listeners. */
class CallListenerTest {
  private final FakeTime time = new FakeTime();
  private final List<CallRecord> calls = Collections.synchronizedList(new ArrayList<>());
  private final ScriptedProvider p = new ScriptedProvider("p");

  private static final RequestContext CTX =
      RequestContext.builder()
          .requestId("caller-1")
          .keyId("k1")
          .userId("u1")
          .teamId("t1")
          .orgId("o1")
          .endUserId("e1")
          .tags(List.of("x"))
          .metadata(Map.of("a", "b"))
          .build();

  private LlmRouter.Builder base() {
    return LlmRouter.builder()
        .clock(time)
        .ticker(time)
        .sleeper(time)
        .provider(p)
        .callListener(calls::add)
        .deployment(
            Deployment.builder("g", "p")
                .model("m")
                .id("d1")
                .inputCostPerToken(0.001)
                .outputCostPerToken(0.002)
                .build());
  }

  private static ChatCompletionRequest req() {
    return ChatCompletionRequest.of("g", ChatMessage.user("hello"));
  }

  private CallRecord only() {
    assertThat(calls).hasSize(1);
    return calls.get(0);
  }

  @Test
  void chatSuccessReportsOneRecordWithIdentitiesTokensAndCost() {
    try (LlmRouter router = base().build()) {
      time.advance(Duration.ofSeconds(1));
      RouteResult<?> r = router.chat(req(), CTX);
      CallRecord c = only();
      assertThat(c.id()).isEqualTo(r.callId()).isNotEqualTo("caller-1");
      assertThat(UUID.fromString(c.id()).version()).isEqualTo(7);
      assertThat(c.callerRequestId()).isEqualTo("caller-1");
      assertThat(c.operation()).isEqualTo("chat");
      assertThat(c.stream()).isFalse();
      assertThat(List.of(c.keyId(), c.userId(), c.teamId(), c.orgId(), c.endUserId()))
          .containsExactly("k1", "u1", "t1", "o1", "e1");
      assertThat(c.tags()).containsExactly("x");
      assertThat(c.metadata()).containsEntry("a", "b");
      assertThat(c.requestedModel()).isEqualTo("g");
      assertThat(c.modelGroup()).isEqualTo("g");
      assertThat(c.deploymentId()).isEqualTo("d1");
      assertThat(c.provider()).isEqualTo("p");
      assertThat(c.providerType()).isEqualTo("scripted");
      assertThat(c.promptTokens()).isEqualTo(10);
      assertThat(c.completionTokens()).isEqualTo(5);
      assertThat(c.cost())
          .isCloseTo(10 * 0.001 + 5 * 0.002, org.assertj.core.api.Assertions.within(1e-12));
      assertThat(c.startedAt()).isEqualTo(time.instant());
      assertThat(c.cacheHit()).isFalse();
      assertThat(c.status()).isEqualTo("success");
      assertThat(c.httpStatus()).isEqualTo(200);
      assertThat(c.errorType()).isNull();
      assertThat(c.timeToFirstToken()).isNull();
    }
  }

  @Test
  void everyCallGetsItsOwnIdEvenWithTheSameCallerRequestId() {
    try (LlmRouter router = base().build()) {
      router.chat(req(), CTX);
      router.chat(req(), CTX);
      assertThat(calls).hasSize(2);
      assertThat(calls.get(0).id()).isNotEqualTo(calls.get(1).id());
      assertThat(calls).allMatch(c -> "caller-1".equals(c.callerRequestId()));
    }
  }

  @Test
  void failureReportsTheErrorsCodeStatusAndType() {
    p.script("m", () -> new BadRequestException("bad", "bad_thing", null, 400, 400, null));
    try (LlmRouter router = base().build()) {
      assertThatThrownBy(() -> router.chat(req(), CTX)).isInstanceOf(BadRequestException.class);
      CallRecord c = only();
      assertThat(c.status()).isEqualTo("bad_thing");
      assertThat(c.httpStatus()).isEqualTo(400);
      assertThat(c.errorType()).isEqualTo("invalid_request_error");
      assertThat(c.modelGroup()).isEqualTo("g");
      assertThat(c.deploymentId()).isNull();
      assertThat(c.cost()).isZero();
      assertThat(c.succeeded()).isFalse();
    }
  }

  @Test
  void retriedCallIsStillOneRecord() {
    p.script("m", () -> new UpstreamServerException("boom", 503, null), null);
    try (LlmRouter router = base().build()) {
      router.chat(req(), CTX);
      assertThat(only().status()).isEqualTo("success");
    }
  }

  @Test
  void listenerExceptionsAreIgnoredAndLaterListenersStillRun() {
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(p)
            .callListener(
                c -> {
                  throw new IllegalStateException("listener bug");
                })
            .callListener(calls::add)
            .deployment(Deployment.builder("g", "p").model("m").build())
            .build()) {
      assertThat(router.chat(req()).response()).isNotNull();
      assertThat(only().callerRequestId()).isNull();
    }
  }

  @Test
  void chatCacheHitIsReportedAsCacheHitWithZeroCost() {
    try (LlmRouter router = base().cache(CacheStore.inMemory(100, 1 << 20, time)).build()) {
      router.chat(req(), CTX);
      RouteResult<?> hit = router.chat(req(), CTX);
      assertThat(hit.cacheHit()).isTrue();
      assertThat(calls).hasSize(2);
      CallRecord c = calls.get(1);
      assertThat(c.id()).isEqualTo(hit.callId()).isNotEqualTo(calls.get(0).id());
      assertThat(c.cacheHit()).isTrue();
      assertThat(c.cost()).isZero();
      assertThat(c.deploymentId()).isNull();
      assertThat(c.modelGroup()).isEqualTo("g");
      assertThat(c.promptTokens()).isEqualTo(10); // the stored response's usage
      assertThat(c.keyId()).isEqualTo("k1");
    }
  }

  @Test
  void streamCompletedReportsOnceAtItsEndWithUsageAndTtft() {
    try (LlmRouter router = base().build()) {
      ChatStream s = router.stream(req(), CTX);
      assertThat(calls).isEmpty(); // not before the stream ends
      String early = s.result().callId(); // known from the start, for a response header
      while (s.hasNext()) {
        s.next();
      }
      s.close();
      CallRecord c = only();
      assertThat(c.id()).isEqualTo(s.result().callId()).isEqualTo(early);
      assertThat(c.stream()).isTrue();
      assertThat(c.status()).isEqualTo("success");
      assertThat(c.promptTokens()).isEqualTo(7);
      assertThat(c.completionTokens()).isEqualTo(2);
      assertThat(c.timeToFirstToken()).isNotNull();
      assertThat(c.deploymentId()).isEqualTo("d1");
    }
  }

  @Test
  void streamClosedEarlyIsCancelled() {
    try (LlmRouter router = base().build()) {
      ChatStream s = router.stream(req(), CTX);
      s.next();
      s.close();
      s.close();
      CallRecord c = only();
      assertThat(c.status()).isEqualTo("cancelled");
      assertThat(c.httpStatus()).isEqualTo(200);
      assertThat(c.succeeded()).isTrue();
    }
  }

  @Test
  void streamFailingAfterFirstChunkReportsTheError() {
    p.streamScript(
        "m",
        new ScriptedProvider.StreamScript(
            List.of("a"), false, new ConnectionException("reset", null)));
    try (LlmRouter router = base().build()) {
      ChatStream s = router.stream(req(), CTX);
      assertThatThrownBy(
              () -> {
                while (s.hasNext()) {
                  s.next();
                }
              })
          .isInstanceOf(ConnectionException.class);
      s.close();
      CallRecord c = only();
      assertThat(c.status()).isNotEqualTo("success").isNotEqualTo("cancelled");
      assertThat(c.httpStatus()).isGreaterThanOrEqualTo(500);
      assertThat(c.deploymentId()).isEqualTo("d1");
      assertThat(c.id()).isEqualTo(s.result().callId());
    }
  }

  @Test
  void streamFailingBeforeFirstChunkReportsTheError() {
    p.script(
        "m",
        () -> new UpstreamServerException("down", 503, null),
        () -> new UpstreamServerException("down", 503, null),
        () -> new UpstreamServerException("down", 503, null));
    try (LlmRouter router = base().build()) {
      assertThatThrownBy(() -> router.stream(req(), CTX))
          .isInstanceOf(UpstreamServerException.class);
      CallRecord c = only();
      assertThat(c.stream()).isTrue();
      assertThat(c.httpStatus())
          .isEqualTo(new UpstreamServerException("down", 503, null).httpStatus());
      assertThat(c.deploymentId()).isNull();
    }
  }

  @Test
  void streamCacheHitIsReportedOnce() {
    try (LlmRouter router = base().cache(CacheStore.inMemory(100, 1 << 20, time)).build()) {
      try (ChatStream s = router.stream(req(), CTX)) {
        while (s.hasNext()) {
          s.next();
        }
      }
      ChatStream replay = router.stream(req(), CTX);
      while (replay.hasNext()) {
        replay.next();
      }
      replay.close();
      assertThat(calls).hasSize(2);
      assertThat(calls.get(1).cacheHit()).isTrue();
      assertThat(calls.get(1).stream()).isTrue();
      assertThat(calls.get(1).id()).isEqualTo(replay.result().callId());
    }
  }

  @Test
  void embeddingsAreReportedIncludingFullAndPartialCacheHits() {
    try (LlmRouter router = base().cache(CacheStore.inMemory(100, 1 << 20, time)).build()) {
      RouteResult<?> first = router.embed(EmbeddingRequest.of("g", List.of("a")), CTX);
      RouteResult<?> full = router.embed(EmbeddingRequest.of("g", List.of("a")), CTX);
      RouteResult<?> partial = router.embed(EmbeddingRequest.of("g", List.of("a", "b")), CTX);
      assertThat(calls).hasSize(3);
      assertThat(calls).extracting(CallRecord::operation).containsOnly("embeddings");
      assertThat(calls)
          .extracting(CallRecord::id)
          .containsExactly(first.callId(), full.callId(), partial.callId());
      assertThat(calls).extracting(CallRecord::cacheHit).containsExactly(false, true, false);
      assertThat(calls.get(2).promptTokens()).isEqualTo(3); // only "b" went upstream
      assertThat(calls.get(2).deploymentId()).isEqualTo("d1");
    }
  }

  @Test
  void embeddingFailureIsReported() {
    p.script("m", () -> new BadRequestException("bad", null, null, 400, 400, null));
    try (LlmRouter router = base().build()) {
      assertThatThrownBy(() -> router.embed(EmbeddingRequest.of("g", "a"), CTX));
      assertThat(only().operation()).isEqualTo("embeddings");
      assertThat(only().httpStatus()).isEqualTo(400);
    }
  }

  @Test
  void responsesAndCompletionsAreReportedUnderTheirOwnOperation() {
    try (LlmRouter router = base().build()) {
      RouteResult<?> r = router.responses(ResponsesRequest.of("g", "hi"), CTX);
      RouteResult<?> c = router.completions(CompletionRequest.of("g", "hi"), CTX);
      assertThat(calls)
          .extracting(CallRecord::operation)
          .containsExactly("responses", "completions");
      assertThat(calls).extracting(CallRecord::id).containsExactly(r.callId(), c.callId());
      assertThat(calls)
          .allMatch(x -> x.promptTokens() == 10 && x.completionTokens() == 5 && x.cost() > 0);
    }
  }

  @Test
  void streamedResponsesAreReportedOnceAtTheEnd() {
    try (LlmRouter router = base().build()) {
      ResponseStream s = router.streamResponses(ResponsesRequest.of("g", "hi"), CTX);
      assertThat(calls).isEmpty();
      String early = s.result().callId();
      while (s.hasNext()) {
        s.next();
      }
      s.close();
      CallRecord c = only();
      assertThat(c.operation()).isEqualTo("responses");
      assertThat(c.stream()).isTrue();
      assertThat(c.status()).isEqualTo("success");
      assertThat(c.id()).isEqualTo(s.result().callId()).isEqualTo(early);
      assertThat(c.promptTokens()).isEqualTo(7);
    }
  }

  @Test
  void streamedResponsesClosedEarlyAreCancelled() {
    try (LlmRouter router = base().build()) {
      ResponseStream s = router.streamResponses(ResponsesRequest.of("g", "hi"), CTX);
      s.next();
      s.close();
      assertThat(only().status()).isEqualTo("cancelled");
    }
  }

  @Test
  void aCallRefusedByARateLimitIsReportedWithoutADeployment() {
    try (LlmRouter router =
        base()
            .governance(
                dev.llmux.core.governance.GovernanceConfig.builder()
                    .limits(
                        dev.llmux.core.governance.Scope.KEY,
                        "k1",
                        dev.llmux.core.governance.RateLimits.NONE.withRpm(1))
                    .build())
            .build()) {
      router.chat(req(), CTX);
      assertThatThrownBy(() -> router.stream(req(), CTX))
          .isInstanceOf(dev.llmux.api.error.RateLimitException.class);
      assertThat(calls).hasSize(2);
      CallRecord refused = calls.get(1);
      assertThat(refused.stream()).isTrue();
      assertThat(refused.httpStatus()).isEqualTo(429);
      assertThat(refused.modelGroup()).isEqualTo("g");
      assertThat(refused.deploymentId()).isNull();
      assertThat(refused.cost()).isZero();
      assertThat(refused.keyId()).isEqualTo("k1");
      assertThat(refused.id()).isNotEqualTo(calls.get(0).id());
    }
  }

  @Test
  void failedResponsesCallIsReported() {
    p.script("m", () -> new BadRequestException("bad", null, null, 400, 400, null));
    try (LlmRouter router = base().build()) {
      assertThatThrownBy(() -> router.responses(ResponsesRequest.of("g", "hi"), CTX));
      assertThat(only().operation()).isEqualTo("responses");
      assertThat(only().status()).isEqualTo("bad_request");
    }
  }
}
