package dev.llmux.core.internal.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.chat.ChatChoice;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.error.BudgetExceededException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.governance.Budget;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.governance.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Budget reservations priced like the router charges (issue 18, item 5): a deployment without its
 * own prices is charged from the bundled price table, so its admission estimate must use the same
 * table. Before, such deployments reserved 0 and every concurrent call was admitted.
 */
class BundledPriceReservationTest {

  /** Holds every admitted call until released, so that all 50 are in flight at once. */
  static final class GatedProvider implements Provider {
    final AtomicInteger arrived = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    final Runnable onArrival;

    GatedProvider(Runnable onArrival) {
      this.onArrival = onArrival;
    }

    @Override
    public ProviderConfig config() {
      return ProviderConfig.of("gated", "openai", null, null);
    }

    @Override
    public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
      arrived.incrementAndGet();
      onArrival.run();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ChatCompletionResponse.of(
          "c",
          1,
          request.model(),
          List.of(ChatChoice.of(0, ChatMessage.assistant("ok"), "stop")),
          Usage.of(9, 3));
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

  @Test
  void aBudgetBelowOneCallsPriceFromTheBundledTableAdmitsNoneOfFiftyConcurrentCalls()
      throws Exception {
    int calls = 50;
    CountDownLatch decided = new CountDownLatch(calls);
    GatedProvider provider = new GatedProvider(decided::countDown);
    AtomicInteger refused = new AtomicInteger();
    List<Throwable> other = Collections.synchronizedList(new ArrayList<>());
    try (LlmRouter router =
        LlmRouter.builder()
            .retry(RetryConfig.custom().numRetries(0).build())
            .provider(provider)
            // no prices of its own: the router charges gpt-4o-mini from the bundled table
            .deployment(Deployment.builder("gpt-4o-mini", "gated").model("gpt-4o-mini").build())
            .governance(
                GovernanceConfig.builder().budget(Scope.KEY, "k1", Budget.of("0.00001")).build())
            .build()) {
      RequestContext ctx = RequestContext.builder().keyId("k1").build();
      ChatCompletionRequest req =
          ChatCompletionRequest.of("gpt-4o-mini", ChatMessage.user("Hello"));
      ExecutorService pool = Executors.newFixedThreadPool(calls);
      List<Future<?>> fs = new ArrayList<>();
      try {
        for (int i = 0; i < calls; i++) {
          fs.add(
              pool.submit(
                  () -> {
                    try {
                      router.chat(req, ctx);
                    } catch (BudgetExceededException e) {
                      refused.incrementAndGet();
                      decided.countDown();
                    } catch (Throwable t) {
                      other.add(t);
                      decided.countDown();
                    }
                  }));
        }
        // every call is refused or held by the provider: then all admitted ones are in flight
        assertThat(decided.await(30, TimeUnit.SECONDS)).isTrue();
        provider.release.countDown();
        for (Future<?> f : fs) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        provider.release.countDown();
        pool.shutdownNow();
      }
      assertThat(other).isEmpty();
      // one call's maximum (its prompt plus 4096 output tokens at $0.60 per million) is about
      // $0.0025, far above the $0.00001 budget: none fits
      assertThat(provider.arrived.get()).isZero();
      assertThat(refused.get()).isEqualTo(calls);
    }
  }
}
