package dev.llmux.api.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import dev.llmux.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One input or output item. {@code type} is {@code message} (with {@code role} and {@code content}:
 * a string or a list of {@link ResponseContent}), {@code function_call} ({@code call_id}, {@code
 * name}, {@code arguments}), {@code function_call_output} ({@code call_id}, {@code output}) or
 * {@code reasoning} ({@code summary}); an input message may omit {@code type}. Other item types
 * keep their fields in {@link #extra()}.
 */
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseItem(
    @Nullable String type,
    @Nullable String id,
    @Nullable String status,
    @Nullable String role,
    @Nullable Object content,
    @JsonProperty("call_id") @Nullable String callId,
    @Nullable String name,
    @Nullable String arguments,
    @Nullable Object output,
    @Nullable List<ResponseContent> summary,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Item type {@code message}. */
  public static final String MESSAGE = "message";

  /** Item type {@code function_call}. */
  public static final String FUNCTION_CALL = "function_call";

  /** Item type {@code function_call_output}. */
  public static final String FUNCTION_CALL_OUTPUT = "function_call_output";

  /** Item type {@code reasoning}. */
  public static final String REASONING = "reasoning";

  /** Makes the lists and maps immutable copies. */
  public ResponseItem {
    summary = summary == null ? null : List.copyOf(summary);
    extra = Extras.copy(extra);
  }

  /** An input message with text content. */
  public static ResponseItem message(@Nullable String role, @Nullable String text) {
    return new ResponseItem(
        MESSAGE, null, null, role, text, null, null, null, null, null, Map.of());
  }

  /** A message with content parts. */
  public static ResponseItem message(
      @Nullable String id,
      @Nullable String role,
      @Nullable String status,
      List<ResponseContent> parts) {
    return new ResponseItem(
        MESSAGE, id, status, role, List.copyOf(parts), null, null, null, null, null, Map.of());
  }

  /** A {@code function_call} item. */
  public static ResponseItem functionCall(
      @Nullable String id,
      @Nullable String callId,
      @Nullable String name,
      @Nullable String arguments,
      @Nullable String status) {
    return new ResponseItem(
        FUNCTION_CALL, id, status, null, null, callId, name, arguments, null, null, Map.of());
  }

  /** A {@code function_call_output} item: a tool's result for a call id. */
  public static ResponseItem functionCallOutput(@Nullable String callId, @Nullable String output) {
    return new ResponseItem(
        FUNCTION_CALL_OUTPUT, null, null, null, null, callId, null, null, output, null, Map.of());
  }

  /** A {@code reasoning} item. */
  public static ResponseItem reasoning(
      @Nullable String id, @Nullable List<ResponseContent> summary) {
    return new ResponseItem(
        REASONING, id, null, null, null, null, null, null, null, summary, Map.of());
  }

  /** The item type, {@code message} when absent. */
  public String kind() {
    return type == null ? MESSAGE : type;
  }

  /**
   * The content as parts: a string is one {@code input_text} (or {@code output_text} for the
   * assistant).
   */
  public List<ResponseContent> contentParts() {
    if (content == null) {
      return List.of();
    }
    if (content instanceof String s) {
      return List.of(
          "assistant".equals(role) ? ResponseContent.outputText(s) : ResponseContent.inputText(s));
    }
    List<ResponseContent> out = new ArrayList<>();
    if (content instanceof List<?> list) {
      for (Object o : list) {
        out.add(
            o instanceof ResponseContent c
                ? c
                : Json.mapper().convertValue(o, ResponseContent.class));
      }
    }
    return out;
  }

  /** The text of the content parts (text, output_text, input_text), joined. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (ResponseContent c : contentParts()) {
      if (c.text() != null) {
        sb.append(c.text());
      }
    }
    return sb.toString();
  }

  /** {@code output} as text: a string as is, anything else as JSON. */
  public String outputText() {
    if (output == null) {
      return "";
    }
    return output instanceof String s ? s : Json.write(output);
  }
}
