/**
 * LangChain4j models served by an {@link dev.llmux.core.LlmRouter}: {@link
 * dev.llmux.langchain4j.LlmuxChatModel}, {@link dev.llmux.langchain4j.LlmuxStreamingChatModel} and
 * {@link dev.llmux.langchain4j.LlmuxEmbeddingModel}.
 */
package dev.llmux.langchain4j;
