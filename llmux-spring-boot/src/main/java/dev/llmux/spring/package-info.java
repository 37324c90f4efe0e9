/**
 * Spring Boot auto-configuration: an {@link dev.llmux.core.LlmRouter} bean from the {@code llmux}
 * properties ({@link dev.llmux.spring.LlmuxAutoConfiguration}), and the openai-java and LangChain4j
 * adapter beans when those modules are on the class path.
 */
package dev.llmux.spring;
