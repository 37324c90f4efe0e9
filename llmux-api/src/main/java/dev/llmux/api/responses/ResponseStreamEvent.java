package dev.llmux.api.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One streaming event of the Responses API, by {@code type}: {@code response.created}, {@code
 * response.in_progress}, {@code response.completed}, {@code response.incomplete}, {@code
 * response.failed} (with {@code response}); {@code response.output_item.added} / {@code .done}
 * (with {@code output_index}, {@code item}); {@code response.content_part.added} / {@code .done}
 * ({@code part}); {@code response.output_text.delta} / {@code .done} ({@code item_id}, {@code
 * content_index}, {@code delta} / {@code text}); {@code response.function_call_arguments.delta} /
 * {@code .done} ({@code delta} / {@code arguments}); {@code error}. Other fields stay in {@link
 * #extra()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseStreamEvent(
    @Nullable String type,
    @JsonProperty("sequence_number") @Nullable Integer sequenceNumber,
    @Nullable ResponseObject response,
    @JsonProperty("output_index") @Nullable Integer outputIndex,
    @JsonProperty("item_id") @Nullable String itemId,
    @JsonProperty("content_index") @Nullable Integer contentIndex,
    @Nullable ResponseItem item,
    @Nullable ResponseContent part,
    @Nullable String delta,
    @Nullable String text,
    @Nullable String arguments,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public ResponseStreamEvent {
    extra = Extras.copy(extra);
  }

  /** An event carrying the whole response (created, in_progress, completed, incomplete, failed). */
  public static ResponseStreamEvent ofResponse(
      String type, int seq, @Nullable ResponseObject response) {
    return new ResponseStreamEvent(
        type, seq, response, null, null, null, null, null, null, null, null, Map.of());
  }

  /** response.output_item.added / done. */
  public static ResponseStreamEvent ofItem(
      String type, int seq, int outputIndex, @Nullable ResponseItem item) {
    return new ResponseStreamEvent(
        type, seq, null, outputIndex, null, null, item, null, null, null, null, Map.of());
  }

  /** response.content_part.added / done. */
  public static ResponseStreamEvent ofPart(
      String type,
      int seq,
      @Nullable String itemId,
      int outputIndex,
      int contentIndex,
      @Nullable ResponseContent part) {
    return new ResponseStreamEvent(
        type, seq, null, outputIndex, itemId, contentIndex, null, part, null, null, null, Map.of());
  }

  /**
   * A delta event (output_text.delta, function_call_arguments.delta, reasoning_summary_text.delta).
   */
  public static ResponseStreamEvent ofDelta(
      String type,
      int seq,
      @Nullable String itemId,
      int outputIndex,
      @Nullable Integer contentIndex,
      @Nullable String delta) {
    return new ResponseStreamEvent(
        type,
        seq,
        null,
        outputIndex,
        itemId,
        contentIndex,
        null,
        null,
        delta,
        null,
        null,
        Map.of());
  }
}
