package dev.llmux.core.internal.cache;

import dev.llmux.api.chat.ChatChoice;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatDelta;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.chat.FunctionCall;
import dev.llmux.api.chat.MessageContent;
import dev.llmux.api.chat.Role;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Builds the complete chat completion a stream amounts to: content, reasoning and refusal text
 * concatenated per choice, tool calls merged by index (id and name from their first fragment,
 * arguments appended), finish reasons and usage kept. Bounded by the stream itself; one per stream.
 */
public final class StreamAssembler {
  private static final class ChoiceAcc {
    @Nullable String role;
    final StringBuilder content = new StringBuilder();
    final StringBuilder reasoning = new StringBuilder();
    final StringBuilder refusal = new StringBuilder();
    boolean sawContent;
    final Map<Integer, String[]> tools = new TreeMap<>(); // index -> {id, name, args}
    final Map<Integer, StringBuilder> toolArgs = new TreeMap<>();
    @Nullable String finishReason;
  }

  private final Map<Integer, ChoiceAcc> choices = new TreeMap<>();
  private @Nullable String id;
  private @Nullable String model;
  private long created;
  private @Nullable String systemFingerprint;
  private @Nullable Usage usage;

  public void add(ChatCompletionChunk c) {
    if (id == null) {
      id = c.id();
    }
    if (c.model() != null) {
      model = c.model();
    }
    if (c.created() != 0) {
      created = c.created();
    }
    if (c.systemFingerprint() != null) {
      systemFingerprint = c.systemFingerprint();
    }
    if (c.usage() != null) {
      usage = c.usage();
    }
    for (ChunkChoice ch : c.choices()) {
      ChoiceAcc acc = choices.computeIfAbsent(ch.index(), k -> new ChoiceAcc());
      ChatDelta d = ch.delta();
      if (d != null) {
        if (d.role() != null) {
          acc.role = d.role();
        }
        if (d.content() != null) {
          acc.content.append(d.content());
          acc.sawContent = true;
        }
        if (d.reasoningContent() != null) {
          acc.reasoning.append(d.reasoningContent());
        }
        if (d.refusal() != null) {
          acc.refusal.append(d.refusal());
        }
        if (d.toolCalls() != null) {
          for (ToolCall tc : d.toolCalls()) {
            int idx = tc.index() != null ? tc.index() : acc.tools.size();
            String[] t = acc.tools.computeIfAbsent(idx, k -> new String[2]);
            if (tc.id() != null) {
              t[0] = tc.id();
            }
            if (tc.function() != null) {
              if (tc.function().name() != null) {
                t[1] = tc.function().name();
              }
              if (tc.function().arguments() != null) {
                acc.toolArgs
                    .computeIfAbsent(idx, k -> new StringBuilder())
                    .append(tc.function().arguments());
              }
            }
          }
        }
      }
      if (ch.finishReason() != null) {
        acc.finishReason = ch.finishReason();
      }
    }
  }

  public ChatCompletionResponse build() {
    List<ChatChoice> out = new ArrayList<>(choices.size());
    for (Map.Entry<Integer, ChoiceAcc> e : choices.entrySet()) {
      ChoiceAcc a = e.getValue();
      List<ToolCall> calls = null;
      if (!a.tools.isEmpty()) {
        calls = new ArrayList<>();
        for (Map.Entry<Integer, String[]> t : a.tools.entrySet()) {
          StringBuilder args = a.toolArgs.get(t.getKey());
          calls.add(
              new ToolCall(
                  null,
                  t.getValue()[0],
                  "function",
                  new FunctionCall(t.getValue()[1], args == null ? "" : args.toString()),
                  Map.of()));
        }
      }
      ChatMessage msg =
          new ChatMessage(
              a.role != null ? a.role : Role.ASSISTANT,
              a.sawContent || calls == null ? MessageContent.of(a.content.toString()) : null,
              null,
              calls,
              null,
              a.refusal.length() > 0 ? a.refusal.toString() : null,
              a.reasoning.length() > 0 ? a.reasoning.toString() : null,
              Map.of());
      out.add(ChatChoice.of(e.getKey(), msg, a.finishReason));
    }
    return new ChatCompletionResponse(
        id,
        ChatCompletionResponse.OBJECT,
        created,
        model,
        out,
        usage,
        systemFingerprint,
        null,
        Map.of());
  }

  /**
   * The chunks that replay {@code response} as a stream: role, content, tool calls, finish, then
   * usage if asked.
   */
  public static List<ChatCompletionChunk> replay(
      ChatCompletionResponse response, boolean includeUsage) {
    List<ChatCompletionChunk> out = new ArrayList<>();
    String id = response.id();
    long created = response.created();
    String model = response.model();
    for (ChatChoice c : response.choices()) {
      ChatMessage m = c.message();
      out.add(
          chunk(
              id,
              created,
              model,
              c.index(),
              ChatDelta.role(m == null ? Role.ASSISTANT : m.role()),
              null));
      if (m != null) {
        if (m.reasoningContent() != null) {
          out.add(
              chunk(
                  id,
                  created,
                  model,
                  c.index(),
                  new ChatDelta(null, null, m.reasoningContent(), null, null, Map.of()),
                  null));
        }
        String text = m.text();
        if (text != null && !text.isEmpty()) {
          out.add(chunk(id, created, model, c.index(), ChatDelta.content(text), null));
        }
        if (m.refusal() != null) {
          out.add(
              chunk(
                  id,
                  created,
                  model,
                  c.index(),
                  new ChatDelta(null, null, null, m.refusal(), null, Map.of()),
                  null));
        }
        if (m.toolCalls() != null) {
          List<ToolCall> deltas = new ArrayList<>();
          for (int i = 0; i < m.toolCalls().size(); i++) {
            ToolCall tc = m.toolCalls().get(i);
            deltas.add(
                ToolCall.delta(
                    i,
                    tc.id(),
                    tc.function() == null ? null : tc.function().name(),
                    tc.function() == null ? null : tc.function().arguments()));
          }
          out.add(chunk(id, created, model, c.index(), ChatDelta.toolCalls(deltas), null));
        }
      }
      out.add(chunk(id, created, model, c.index(), ChatDelta.EMPTY, c.finishReason()));
    }
    if (includeUsage && response.usage() != null) {
      out.add(ChatCompletionChunk.usageChunk(id, created, model, response.usage()));
    }
    return out;
  }

  private static ChatCompletionChunk chunk(
      @Nullable String id,
      long created,
      @Nullable String model,
      int index,
      ChatDelta d,
      @Nullable String finish) {
    return ChatCompletionChunk.of(id, created, model, List.of(ChunkChoice.of(index, d, finish)));
  }
}
