package dev.llmux.spring;

/**
 * The Spring-only keys under {@code llmux.}; every other key under {@code llmux.} is router
 * configuration, read by LLMux's own loader with the same names as its YAML file ({@code
 * providers}, {@code routing}, {@code cache}, {@code aliases}, or LiteLLM's {@code
 * model_list}/{@code router_settings}), and an unknown key is an error at startup.
 *
 * <ul>
 *   <li>{@code llmux.enabled}: {@code false} turns the auto-configuration off (default true);
 *   <li>{@code llmux.config-file}: a Spring resource ({@code classpath:llmux.yaml}, {@code
 *       file:/etc/llmux.yaml}) holding the configuration instead of inline keys; the two cannot be
 *       combined;
 *   <li>{@code llmux.langchain4j.chat-model}, {@code llmux.langchain4j.streaming-chat-model}
 *       (defaults to the chat model), {@code llmux.langchain4j.embedding-model}: the model groups
 *       of the LangChain4j beans, which exist only when these are set and LangChain4j is on the
 *       class path.
 * </ul>
 */
public final class LlmuxProperties {
  public static final String PREFIX = "llmux";
  public static final String ENABLED = "llmux.enabled";
  public static final String CONFIG_FILE = "llmux.config-file";
  public static final String LC4J_CHAT = "llmux.langchain4j.chat-model";
  public static final String LC4J_STREAMING = "llmux.langchain4j.streaming-chat-model";
  public static final String LC4J_EMBEDDING = "llmux.langchain4j.embedding-model";

  private LlmuxProperties() {}
}
