package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code tool_choice} of a request: {@code none}, {@code auto}, {@code required}, or a named
 * function ({@code {"type":"function","function":{"name":...}}}).
 */
public final class ToolChoice {
  /** The model calls no tool. */
  public static final ToolChoice NONE = new ToolChoice("none", null);

  /** The model decides whether to call tools. */
  public static final ToolChoice AUTO = new ToolChoice("auto", null);

  /** The model must call at least one tool. */
  public static final ToolChoice REQUIRED = new ToolChoice("required", null);

  private final String mode;
  private final @Nullable String functionName;

  private ToolChoice(String mode, @Nullable String functionName) {
    this.mode = mode;
    this.functionName = functionName;
  }

  /** Forces a call of the named function. */
  public static ToolChoice function(String name) {
    return new ToolChoice("function", Objects.requireNonNull(name, "name"));
  }

  /** {@code none}, {@code auto}, {@code required}, or {@code function} for a named choice. */
  public String mode() {
    return mode;
  }

  /** The forced function's name, or {@code null} unless {@link #mode()} is {@code function}. */
  public @Nullable String functionName() {
    return functionName;
  }

  /** Whether this choice names one function the model must call. */
  public boolean isNamed() {
    return functionName != null;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static ToolChoice fromJson(Object json) {
    if (json instanceof String s) {
      return switch (s) {
        case "none" -> NONE;
        case "auto" -> AUTO;
        case "required" -> REQUIRED;
        default ->
            throw new IllegalArgumentException(
                "tool_choice must be none, auto, required or a function object, got '" + s + "'");
      };
    }
    if (json instanceof Map<?, ?> map) {
      Object fn = map.get("function");
      if (fn instanceof Map<?, ?> f && f.get("name") instanceof String name) {
        return function(name);
      }
    }
    throw new IllegalArgumentException(
        "tool_choice object must be {\"type\":\"function\",\"function\":{\"name\":...}}");
  }

  @JsonValue
  Object toJson() {
    if (functionName == null) {
      return mode;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "function");
    out.put("function", Map.of("name", functionName));
    return out;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ToolChoice t
        && mode.equals(t.mode)
        && Objects.equals(functionName, t.functionName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, functionName);
  }

  @Override
  public String toString() {
    return functionName == null ? mode : "function:" + functionName;
  }
}
