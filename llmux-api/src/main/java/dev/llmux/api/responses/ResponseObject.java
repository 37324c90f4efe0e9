package dev.llmux.api.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Responses API response ({@code object = "response"}): {@code status} is {@code completed},
 * {@code incomplete} (see {@code incomplete_details.reason}), {@code failed} or {@code
 * in_progress}; {@code output} holds the items the model produced.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseObject(
    @Nullable String id,
    @Nullable String object,
    @JsonProperty("created_at") long createdAt,
    @Nullable String status,
    @Nullable String model,
    List<ResponseItem> output,
    @Nullable ResponseUsage usage,
    @JsonProperty("incomplete_details") @Nullable Map<String, Object> incompleteDetails,
    @Nullable Map<String, Object> error,
    @Nullable String instructions,
    @Nullable Map<String, String> metadata,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** The {@code object} field's value: {@code response}. */
  public static final String OBJECT = "response";

  /** Makes the lists and maps immutable copies. */
  public ResponseObject {
    output = output == null ? List.of() : List.copyOf(output);
    extra = Extras.copy(extra);
  }

  /** The text of every output_text part of every output message, joined. */
  public String outputText() {
    StringBuilder sb = new StringBuilder();
    for (ResponseItem item : output) {
      if (ResponseItem.MESSAGE.equals(item.kind())) {
        for (ResponseContent c : item.contentParts()) {
          if ("output_text".equals(c.type()) && c.text() != null) {
            sb.append(c.text());
          }
        }
      }
    }
    return sb.toString();
  }

  /** The function_call items of the output. */
  public List<ResponseItem> functionCalls() {
    return output.stream().filter(i -> ResponseItem.FUNCTION_CALL.equals(i.type())).toList();
  }

  /** This response with another model name. */
  public ResponseObject withModel(@Nullable String newModel) {
    return new ResponseObject(
        id,
        object,
        createdAt,
        status,
        newModel,
        output,
        usage,
        incompleteDetails,
        error,
        instructions,
        metadata,
        extra);
  }
}
