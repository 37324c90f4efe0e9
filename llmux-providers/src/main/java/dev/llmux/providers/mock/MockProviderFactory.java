package dev.llmux.providers.mock;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.api.spi.ProviderSetting.Kind;
import java.util.List;

/**
 * Creates providers of type {@code mock}: deterministic answers without any network, for demos,
 * tests and benchmarks of the router itself. {@code base_url} and {@code api_key} are ignored.
 *
 * <p>Settings (all optional):
 *
 * <ul>
 *   <li>{@code mode}: {@code echo} (default; the reply is {@code "Echo: "} followed by the last
 *       user message's text) or {@code fixed} (the reply is {@code text});
 *   <li>{@code text}: the reply in {@code fixed} mode (default {@code "This is a mock response."});
 *   <li>{@code latency}: a duration ({@code 50ms}, {@code 1s}, or a number of milliseconds; default
 *       0) waited before answering; past the call's timeout (for streams, the first-chunk timeout)
 *       the call fails with a timeout, as a slow upstream would;
 *   <li>{@code failure_rate}: 0..1 (default 0), the share of calls that fail with {@code
 *       failure_status} (400..599, default 500), drawn from a random sequence seeded by {@code
 *       seed} (a whole number, default 42), so runs are repeatable; the error is the one a real
 *       upstream answering that status would cause;
 *   <li>{@code stream_chunks}: how many content chunks a streamed reply is split into (default: one
 *       per word);
 *   <li>{@code chunk_delay}: a duration waited between streamed chunks (default 0);
 *   <li>{@code models}: the model ids {@code listModels} returns (a list; default none).
 * </ul>
 *
 * <p>Chat answers carry usage counted as whitespace-separated words. When the request offers tools
 * and {@code tool_choice} is {@code required} or names a function, the answer is a call of the
 * first (or the named) tool with arguments {@code {}}. Streams follow OpenAI's sequence: a role
 * chunk, content chunks, a finish chunk, then a usage chunk with no choices. Embeddings are unit
 * vectors derived from a hash of each input (8 dimensions unless the request asks for others).
 */
public final class MockProviderFactory implements ProviderFactory {
  /** The type name, {@value}. */
  public static final String TYPE = "mock";

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public MockProviderFactory() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Provider create(ProviderConfig config) {
    return new MockProvider(config);
  }

  @Override
  public List<String> litellmPrefixes() {
    return List.of("mock");
  }

  @Override
  public List<ProviderSetting> settings() {
    return List.of(
        ProviderSetting.of("mode", Kind.STRING, "echo or fixed"),
        ProviderSetting.of("text", Kind.STRING, "the reply in fixed mode"),
        ProviderSetting.of("latency", Kind.DURATION, "wait before answering"),
        ProviderSetting.of("failure_rate", Kind.NUMBER, "share of calls that fail (0..1)"),
        ProviderSetting.of(
            "failure_status", Kind.INTEGER, "HTTP status of the failures (400..599)"),
        ProviderSetting.of("seed", Kind.INTEGER, "seed of the failure sequence"),
        ProviderSetting.of("stream_chunks", Kind.INTEGER, "content chunks per streamed reply"),
        ProviderSetting.of("chunk_delay", Kind.DURATION, "wait between streamed chunks"),
        ProviderSetting.of("models", Kind.STRING_LIST, "model ids listModels returns"));
  }
}
