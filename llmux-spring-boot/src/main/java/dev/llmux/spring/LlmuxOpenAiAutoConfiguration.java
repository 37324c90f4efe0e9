package dev.llmux.spring;

import com.openai.client.OpenAIClient;
import dev.llmux.core.LlmRouter;
import dev.llmux.openai.LlmuxOpenAi;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * An openai-java {@link OpenAIClient} bean served by the router ({@link LlmuxOpenAi#client}), when
 * {@code llmux-openai-java} (and so the SDK) is on the class path. Calls the router does not serve
 * fail with a 400; define your own bean with {@code LlmuxOpenAi.builder(router).passThrough(...)}
 * to send them to OpenAI.
 */
@AutoConfiguration(after = LlmuxAutoConfiguration.class)
@ConditionalOnClass(name = {"com.openai.client.OpenAIClient", "dev.llmux.openai.LlmuxOpenAi"})
@ConditionalOnBean(LlmRouter.class)
public class LlmuxOpenAiAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public OpenAIClient llmuxOpenAiClient(LlmRouter router) {
    return LlmuxOpenAi.client(router);
  }
}
