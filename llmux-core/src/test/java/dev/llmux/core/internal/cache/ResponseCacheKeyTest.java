package dev.llmux.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.core.FakeTime;
import dev.llmux.core.cache.CacheControl;
import dev.llmux.core.cache.CacheStore;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponseCacheKeyTest {
  private final FakeTime time = new FakeTime();
  private final ResponseCache cache =
      new ResponseCache(
          CacheStore.inMemory(100, 1 << 20, time), Duration.ofMinutes(5), null, false, time);

  private String key(String json) {
    return cache.chatKey("g", Json.read(json, ChatCompletionRequest.class), CacheControl.NONE);
  }

  @Test
  void fieldOrderAndWhitespaceDoNotChangeTheKey() {
    String a =
        key(
            "{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.5,"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}]}");
    String b =
        key(
            "{ \"temperature\" : 0.50 ,\n \"tools\":[{\"function\":{\"parameters\":{\"properties\":{\"a\":{\"type\":\"string\"}},\"type\":\"object\"},\"name\":\"f\"},\"type\":\"function\"}],"
                + "\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}], \"model\":\"alias-of-g\"}");
    assertThat(a).isEqualTo(b);
  }

  @Test
  void everyAnswerChangingFieldChangesTheKeyAndOthersDoNot() {
    String base = "\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    List<String> variants =
        List.of(
            "",
            ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]",
            ",\"temperature\":0.2",
            ",\"top_p\":0.9",
            ",\"n\":2",
            ",\"stop\":[\"x\"]",
            ",\"seed\":7",
            ",\"max_tokens\":5",
            ",\"max_completion_tokens\":5",
            ",\"presence_penalty\":1",
            ",\"frequency_penalty\":1",
            ",\"logit_bias\":{\"1\":5}",
            ",\"logprobs\":true",
            ",\"tool_choice\":\"required\"",
            ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]",
            ",\"parallel_tool_calls\":false",
            ",\"response_format\":{\"type\":\"json_object\"}",
            ",\"reasoning_effort\":\"low\"",
            ",\"some_new_param\":1");
    Set<String> keys = new LinkedHashSet<>();
    for (String v : variants) {
      String json = "{" + (v.startsWith(",\"messages\"") ? "\"model\":\"g\"" + v : base + v) + "}";
      keys.add(key(json));
    }
    assertThat(keys).hasSize(variants.size());
    String plain = key("{" + base + "}");
    assertThat(
            key(
                "{"
                    + base
                    + ",\"user\":\"u1\",\"metadata\":{\"a\":\"b\"},\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"cache\":{\"no-store\":true}}"))
        .isEqualTo(plain);
    assertThat(
            cache.chatKey(
                "other-group",
                Json.read("{" + base + "}", ChatCompletionRequest.class),
                CacheControl.NONE))
        .isNotEqualTo(plain);
    assertThat(
            cache.chatKey(
                "g",
                Json.read("{" + base + "}", ChatCompletionRequest.class),
                new CacheControl(false, false, null, null, "team-a", null)))
        .isNotEqualTo(plain);
  }
}
