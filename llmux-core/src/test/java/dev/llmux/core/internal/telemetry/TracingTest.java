package dev.llmux.core.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.core.Deployment;
import dev.llmux.core.FakeTime;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.ScriptedProvider;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TracingTest {
  private final FakeTime time = new FakeTime();

  @Test
  void oneSpanPerRequestAndPerAttemptWithGenAiAttributes() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    ScriptedProvider p =
        new ScriptedProvider("p").script("a", () -> new UpstreamServerException("down", 503, null));
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .random(new SplittableRandom(1))
            .openTelemetry(otel)
            .provider(p)
            .deployment(Deployment.builder("g", "p").model("a").id("dep-a").build())
            .build()) {
      router.chat(ChatCompletionRequest.of("g", ChatMessage.user("hi")));
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(3);
    SpanData request =
        spans.stream().filter(s -> s.getKind() == SpanKind.INTERNAL).findFirst().orElseThrow();
    List<SpanData> attempts = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    assertThat(attempts)
        .hasSize(2)
        .allSatisfy(
            a -> {
              assertThat(a.getParentSpanId()).isEqualTo(request.getSpanId());
              assertThat(a.getName()).isEqualTo("chat a");
              assertThat(a.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
                  .isEqualTo("chat");
              assertThat(a.getAttributes().get(AttributeKey.stringKey("llmux.deployment")))
                  .isEqualTo("dep-a");
            });
    assertThat(attempts.get(0).getStatus().getStatusCode())
        .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    assertThat(request.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
        .isEqualTo("g");
    assertThat(request.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model")))
        .isEqualTo("a");
    assertThat(request.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
        .isEqualTo(10L);
    assertThat(request.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
        .isEqualTo(5L);
  }

  @Test
  void withoutOpenTelemetryOnTheClassPathTracingIsANoOp() {
    ClassLoader hidingOtel =
        new ClassLoader(getClass().getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.opentelemetry.")) {
              throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
          }
        };
    assertThat(Tracing.otelAvailable(hidingOtel)).isFalse();
    Tracing t = Tracing.create(null, hidingOtel);
    assertThat(t).isSameAs(Tracing.NOOP);
    Object span = t.start("x", true, null, Map.of("k", "v"));
    t.set(span, Map.of());
    t.end(span, new RuntimeException());
    assertThat(Tracing.otelAvailable(getClass().getClassLoader())).isTrue();
  }

  @Test
  void openTelemetryMustBeAnOpenTelemetryInstance() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LlmRouter.builder().openTelemetry("not otel"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
  }

  @Test
  void tracingOffCreatesNoSpans() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .openTelemetry(otel)
            .tracing(false)
            .provider(new ScriptedProvider("p"))
            .deployment(Deployment.builder("g", "p").model("a").build())
            .build()) {
      router.chat(ChatCompletionRequest.of("g", ChatMessage.user("hi")));
    }
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }
}
