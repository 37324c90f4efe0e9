package dev.llmux.providers.openai;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.BadRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a preset's parameter quirks to a chat request before it is sent: renames the upstream
 * spells differently ({@code seed} → {@code random_seed}), and the parameters it refuses, which are
 * either dropped ({@code drop_params: true}) or refused here with a 400 that names the parameter
 * and the setting. A request that needs no change is returned as is (no copy). Stateless.
 */
final class ParamPolicy {
  /** The error code of a refused parameter (OpenAI uses the same). */
  static final String CODE = "unsupported_parameter";

  private final String type;
  private final List<ParamRule> rules;
  private final Map<String, String> renames;
  private final boolean drop;

  ParamPolicy(String type, List<ParamRule> rules, Map<String, String> renames, boolean drop) {
    this.type = type;
    this.rules = List.copyOf(rules);
    this.renames = Map.copyOf(renames);
    this.drop = drop;
  }

  boolean isEmpty() {
    return rules.isEmpty() && renames.isEmpty();
  }

  ChatCompletionRequest apply(ChatCompletionRequest r) {
    ChatCompletionRequest.Builder b = null;
    Map<String, Object> extra = null;
    List<ChatMessage> messages = null;
    for (ParamRule rule : rules) {
      Object v = get(r, rule.param());
      if (v == null || !rule.appliesTo(r.model()) || !rule.refuses(v)) {
        continue;
      }
      if (!drop) {
        throw new BadRequestException(
            "provider type '"
                + type
                + "' does not support the parameter '"
                + rule.param()
                + "'"
                + (rule.allowed() == null ? "" : " with a value other than " + rule.allowed())
                + (rule.modelPrefixes().isEmpty() ? "" : " for model '" + r.model() + "'")
                + "; remove it, or set drop_params: true on the provider to drop it",
            CODE,
            rule.param(),
            400,
            null,
            null);
      }
      if (b == null) {
        b = r.toBuilder();
      }
      if (rule.param().equals("messages[].name")) {
        messages = withoutNames(r.messages());
        b.messages(messages);
      } else if (!clear(b, rule.param())) {
        extra = extra == null ? new LinkedHashMap<>(r.extra()) : extra;
        extra.remove(rule.param());
      }
    }
    for (Map.Entry<String, String> e : renames.entrySet()) {
      Object v = get(r, e.getKey());
      if (v == null) {
        continue;
      }
      if (b == null) {
        b = r.toBuilder();
      }
      if (!clear(b, e.getKey())) {
        extra = extra == null ? new LinkedHashMap<>(r.extra()) : extra;
        extra.remove(e.getKey());
      }
      if (get(r, e.getValue()) == null && !set(b, e.getValue(), v)) {
        extra = extra == null ? new LinkedHashMap<>(r.extra()) : extra;
        extra.put(e.getValue(), v);
      }
    }
    if (b == null) {
      return r;
    }
    if (extra != null) {
      b.extra(extra);
    }
    return b.build();
  }

  private static List<ChatMessage> withoutNames(List<ChatMessage> in) {
    List<ChatMessage> out = new ArrayList<>(in.size());
    for (ChatMessage m : in) {
      out.add(
          m.name() == null
              ? m
              : new ChatMessage(
                  m.role(),
                  m.content(),
                  null,
                  m.toolCalls(),
                  m.toolCallId(),
                  m.refusal(),
                  m.reasoningContent(),
                  m.extra()));
    }
    return out;
  }

  /** The value of a wire parameter of {@code r}, or null when not set. */
  static Object get(ChatCompletionRequest r, String param) {
    switch (param) {
      case "n":
        return r.n();
      case "logprobs":
        return r.logprobs();
      case "top_logprobs":
        return r.topLogprobs();
      case "logit_bias":
        return r.logitBias();
      case "presence_penalty":
        return r.presencePenalty();
      case "frequency_penalty":
        return r.frequencyPenalty();
      case "seed":
        return r.seed();
      case "user":
        return r.user();
      case "metadata":
        return r.metadata();
      case "parallel_tool_calls":
        return r.parallelToolCalls();
      case "stop":
        return r.stop();
      case "temperature":
        return r.temperature();
      case "top_p":
        return r.topP();
      case "reasoning_effort":
        return r.reasoningEffort();
      case "max_tokens":
        return r.maxTokens();
      case "max_completion_tokens":
        return r.maxCompletionTokens();
      case "response_format":
        return r.responseFormat();
      case "tools":
        return r.tools();
      case "tool_choice":
        return r.toolChoice();
      case "messages[].name":
        for (ChatMessage m : r.messages()) {
          if (m.name() != null) {
            return Boolean.TRUE;
          }
        }
        return null;
      default:
        return r.extra().get(param);
    }
  }

  /** Clears a typed parameter on {@code b}; false when {@code param} is not a typed field. */
  private static boolean clear(ChatCompletionRequest.Builder b, String param) {
    switch (param) {
      case "n":
        b.n(null);
        return true;
      case "logprobs":
        b.logprobs(null);
        return true;
      case "top_logprobs":
        b.topLogprobs(null);
        return true;
      case "logit_bias":
        b.logitBias(null);
        return true;
      case "presence_penalty":
        b.presencePenalty(null);
        return true;
      case "frequency_penalty":
        b.frequencyPenalty(null);
        return true;
      case "seed":
        b.seed(null);
        return true;
      case "user":
        b.user(null);
        return true;
      case "metadata":
        b.metadata(null);
        return true;
      case "parallel_tool_calls":
        b.parallelToolCalls(null);
        return true;
      case "stop":
        b.stop(null);
        return true;
      case "temperature":
        b.temperature(null);
        return true;
      case "top_p":
        b.topP(null);
        return true;
      case "reasoning_effort":
        b.reasoningEffort(null);
        return true;
      case "max_tokens":
        b.maxTokens(null);
        return true;
      case "max_completion_tokens":
        b.maxCompletionTokens(null);
        return true;
      case "response_format":
        b.responseFormat(null);
        return true;
      case "tools":
        b.tools(null);
        return true;
      case "tool_choice":
        b.toolChoice(null);
        return true;
      default:
        return false;
    }
  }

  /** Sets a typed integer parameter (the rename targets that are typed); false otherwise. */
  private static boolean set(ChatCompletionRequest.Builder b, String param, Object v) {
    if (param.equals("max_tokens") && v instanceof Number n) {
      b.maxTokens(n.intValue());
      return true;
    }
    return false;
  }
}
