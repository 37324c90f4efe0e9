package dev.llmux.spring;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.llmux.core.LlmRouter;
import dev.llmux.langchain4j.LlmuxChatModel;
import dev.llmux.langchain4j.LlmuxEmbeddingModel;
import dev.llmux.langchain4j.LlmuxStreamingChatModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * LangChain4j model beans served by the router, when {@code llmux-langchain4j} is on the class
 * path: a {@link ChatModel} and a {@link StreamingChatModel} for {@code
 * llmux.langchain4j.chat-model} (the streaming one for {@code
 * llmux.langchain4j.streaming-chat-model} when set), and an {@link EmbeddingModel} for {@code
 * llmux.langchain4j.embedding-model}.
 */
@AutoConfiguration(after = LlmuxAutoConfiguration.class)
@ConditionalOnClass(
    name = {"dev.langchain4j.model.chat.ChatModel", "dev.llmux.langchain4j.LlmuxChatModel"})
@ConditionalOnBean(LlmRouter.class)
public class LlmuxLangChain4jAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = LlmuxProperties.LC4J_CHAT)
  public ChatModel llmuxChatModel(LlmRouter router, Environment env) {
    return LlmuxChatModel.of(router, env.getRequiredProperty(LlmuxProperties.LC4J_CHAT));
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = LlmuxProperties.LC4J_CHAT)
  public StreamingChatModel llmuxStreamingChatModel(LlmRouter router, Environment env) {
    return LlmuxStreamingChatModel.of(
        router,
        env.getProperty(
            LlmuxProperties.LC4J_STREAMING, env.getRequiredProperty(LlmuxProperties.LC4J_CHAT)));
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = LlmuxProperties.LC4J_EMBEDDING)
  public EmbeddingModel llmuxEmbeddingModel(LlmRouter router, Environment env) {
    return LlmuxEmbeddingModel.of(router, env.getRequiredProperty(LlmuxProperties.LC4J_EMBEDDING));
  }
}
