package dev.llmux.bench;

import java.nio.charset.StandardCharsets;

/** Request and response bodies shared by the benchmarks. */
public final class Payloads {
  private Payloads() {}

  /** A chat request: one short user turn, or a system prompt + 10 turns + 2 tools. */
  public static byte[] chatRequest(boolean large) {
    if (!large) {
      return ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in one short "
              + "sentence.\"}],\"temperature\":0.2}")
          .getBytes(StandardCharsets.UTF_8);
    }
    StringBuilder b =
        new StringBuilder(
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"");
    b.append("You are a careful assistant. ".repeat(20)).append("\"}");
    for (int i = 0; i < 10; i++) {
      b.append(",{\"role\":\"")
          .append(i % 2 == 0 ? "user" : "assistant")
          .append("\",\"content\":\"")
          .append(("Turn " + i + " talks about routing, retries and budgets. ").repeat(5))
          .append("\"}");
    }
    b.append("],\"tools\":[");
    for (int i = 0; i < 2; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"type\":\"function\",\"function\":{\"name\":\"tool")
          .append(i)
          .append(
              "\",\"description\":\"Looks something up.\",\"parameters\":{\"type\":\"object\",\"properties\":")
          .append(
              "{\"q\":{\"type\":\"string\"},\"limit\":{\"type\":\"integer\"}},\"required\":[\"q\"]}}}");
    }
    b.append("],\"temperature\":0.2,\"max_tokens\":256,\"user\":\"u-42\"}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The mock upstream's chat answer. */
  public static byte[] chatResponse() {
    return MockUpstream.CHAT.clone();
  }
}
