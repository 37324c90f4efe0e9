package dev.llmux.providers.openai;

import dev.llmux.api.spi.CallOptions;
import java.time.Duration;
import java.util.Map;

/** Wire-accurate OpenAI payloads (as documented in OpenAI's API reference) and test helpers. */
final class Fixtures {
  private Fixtures() {}

  static final CallOptions OPTIONS =
      new CallOptions(
          Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), Map.of(), "req-1");

  static CallOptions timeouts(long timeoutMillis, long firstChunkMillis) {
    return new CallOptions(
        Duration.ofSeconds(2),
        Duration.ofMillis(timeoutMillis),
        Duration.ofMillis(firstChunkMillis),
        Map.of(),
        null);
  }

  static final String CHAT_COMPLETION =
      """
      {
        "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
        "object": "chat.completion",
        "created": 1741569952,
        "model": "gpt-4o-2024-08-06",
        "choices": [
          {
            "index": 0,
            "message": {
              "role": "assistant",
              "content": "Hello! How can I assist you today?",
              "refusal": null,
              "annotations": []
            },
            "logprobs": null,
            "finish_reason": "stop"
          }
        ],
        "usage": {
          "prompt_tokens": 19,
          "completion_tokens": 10,
          "total_tokens": 29,
          "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
          "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0
          }
        },
        "service_tier": "default",
        "system_fingerprint": "fp_fc9f1d7035"
      }
      """;

  static final String TOOL_CALL_COMPLETION =
      """
      {
        "id": "chatcmpl-abc123",
        "object": "chat.completion",
        "created": 1699896916,
        "model": "gpt-4o-mini",
        "choices": [
          {
            "index": 0,
            "message": {
              "role": "assistant",
              "content": null,
              "tool_calls": [
                {
                  "id": "call_abc123",
                  "type": "function",
                  "function": {"name": "get_current_weather", "arguments": "{\\n\\"location\\": \\"Boston, MA\\"\\n}"}
                }
              ]
            },
            "logprobs": null,
            "finish_reason": "tool_calls"
          }
        ],
        "usage": {"prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99}
      }
      """;

  static final String EMBEDDINGS =
      """
      {
        "object": "list",
        "data": [
          {"object": "embedding", "index": 0, "embedding": [0.0023064255, -0.009327292, -0.0028842222]},
          {"object": "embedding", "index": 1, "embedding": [0.0011, 0.0022, -0.0033]}
        ],
        "model": "text-embedding-3-small",
        "usage": {"prompt_tokens": 8, "total_tokens": 8}
      }
      """;

  static final String MODELS =
      """
      {
        "object": "list",
        "data": [
          {"id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system"},
          {"id": "text-embedding-3-small", "object": "model", "created": 1705948997, "owned_by": "system"}
        ]
      }
      """;

  static String error(String message, String type, String param, String code) {
    return "{\n  \"error\": {\n    \"message\": \""
        + message
        + "\",\n    \"type\": "
        + quote(type)
        + ",\n    \"param\": "
        + quote(param)
        + ",\n    \"code\": "
        + quote(code)
        + "\n  }\n}\n";
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  static String chunk(String deltaJson, String finishReason) {
    return "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,"
        + "\"delta\":"
        + deltaJson
        + ",\"logprobs\":null,\"finish_reason\":"
        + (finishReason == null ? "null" : "\"" + finishReason + "\"")
        + "}],\"usage\":null}";
  }

  static final String ROLE_CHUNK =
      chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null);
  static final String STOP_CHUNK = chunk("{}", "stop");
  static final String USAGE_CHUNK =
      "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
          + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
          + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
          + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}";

  static String content(String text) {
    return chunk("{\"content\":\"" + text + "\"}", null);
  }

  /** An SSE body of {@code data:} events, each followed by a blank line. */
  static String sse(String... data) {
    StringBuilder sb = new StringBuilder();
    for (String d : data) {
      sb.append("data: ").append(d).append("\n\n");
    }
    return sb.toString();
  }
}
