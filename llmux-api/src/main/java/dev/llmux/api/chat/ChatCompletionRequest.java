package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.llmux.api.Extras;
import dev.llmux.api.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-shaped chat completion request ({@code POST /v1/chat/completions}).
 *
 * <p>{@code model} names a model group (or alias, or {@code provider/model}); the router rewrites
 * it to the upstream model of the deployment it picks. Every field is optional except {@code model}
 * and {@code messages}; {@code null} means "not set" and is not sent upstream. Fields this type
 * does not model are kept in {@link #extra()} and forwarded to OpenAI-compatible upstreams
 * untouched.
 *
 * <p>{@code stop} accepts a single string or a list on input and is always held as a list.
 */
// Helper methods named isX() must not become JSON properties.
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionRequest(
    @Nullable String model,
    List<ChatMessage> messages,
    @Nullable List<Tool> tools,
    @JsonProperty("tool_choice") @Nullable ToolChoice toolChoice,
    @JsonProperty("parallel_tool_calls") @Nullable Boolean parallelToolCalls,
    @JsonProperty("response_format") @Nullable ResponseFormat responseFormat,
    @Nullable Double temperature,
    @JsonProperty("top_p") @Nullable Double topP,
    @JsonDeserialize(using = Json.StrictInt.class) @Nullable Integer n,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @Nullable List<String> stop,
    @JsonProperty("max_tokens") @JsonDeserialize(using = Json.StrictInt.class)
        @Nullable Integer maxTokens,
    @JsonProperty("max_completion_tokens") @JsonDeserialize(using = Json.StrictInt.class)
        @Nullable Integer maxCompletionTokens,
    @JsonProperty("presence_penalty") @Nullable Double presencePenalty,
    @JsonProperty("frequency_penalty") @Nullable Double frequencyPenalty,
    @JsonProperty("logit_bias") @JsonDeserialize(contentUsing = Json.StrictInt.class)
        @Nullable Map<String, Integer> logitBias,
    @Nullable Boolean logprobs,
    @JsonProperty("top_logprobs") @JsonDeserialize(using = Json.StrictInt.class)
        @Nullable Integer topLogprobs,
    @JsonDeserialize(using = Json.StrictLong.class) @Nullable Long seed,
    @Nullable String user,
    @Nullable Map<String, String> metadata,
    @Nullable Boolean stream,
    @JsonProperty("stream_options") @Nullable StreamOptions streamOptions,
    @JsonProperty("reasoning_effort") @Nullable String reasoningEffort,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public ChatCompletionRequest {
    messages = messages == null ? List.of() : List.copyOf(messages);
    tools = tools == null ? null : List.copyOf(tools);
    stop = stop == null ? null : List.copyOf(stop);
    logitBias = logitBias == null ? null : Map.copyOf(logitBias);
    metadata = metadata == null ? null : Map.copyOf(metadata);
    extra = Extras.copy(extra);
  }

  /** A builder for a request; {@code model} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for a request with a model and messages. */
  public static ChatCompletionRequest of(String model, ChatMessage... messages) {
    return builder().model(model).messages(List.of(messages)).build();
  }

  /** A builder holding this request's fields, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether the caller asked for a stream. */
  public boolean isStream() {
    return Boolean.TRUE.equals(stream);
  }

  /**
   * The output-token cap the caller set: {@code max_completion_tokens}, else {@code max_tokens},
   * else null.
   */
  public @Nullable Integer outputTokenLimit() {
    return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
  }

  /** Returns a copy whose {@code model} is {@code newModel}. */
  public ChatCompletionRequest withModel(String newModel) {
    return toBuilder().model(newModel).build();
  }

  /** Fluent builder; {@link #build()} checks that {@code model} and {@code messages} are set. */
  public static final class Builder {
    private @Nullable String model;
    private List<ChatMessage> messages = new ArrayList<>();
    private @Nullable List<Tool> tools;
    private @Nullable ToolChoice toolChoice;
    private @Nullable Boolean parallelToolCalls;
    private @Nullable ResponseFormat responseFormat;
    private @Nullable Double temperature;
    private @Nullable Double topP;
    private @Nullable Integer n;
    private @Nullable List<String> stop;
    private @Nullable Integer maxTokens;
    private @Nullable Integer maxCompletionTokens;
    private @Nullable Double presencePenalty;
    private @Nullable Double frequencyPenalty;
    private @Nullable Map<String, Integer> logitBias;
    private @Nullable Boolean logprobs;
    private @Nullable Integer topLogprobs;
    private @Nullable Long seed;
    private @Nullable String user;
    private @Nullable Map<String, String> metadata;
    private @Nullable Boolean stream;
    private @Nullable StreamOptions streamOptions;
    private @Nullable String reasoningEffort;
    private Map<String, Object> extra = new LinkedHashMap<>();

    private Builder() {}

    private Builder(ChatCompletionRequest r) {
      model = r.model;
      messages = new ArrayList<>(r.messages);
      tools = r.tools;
      toolChoice = r.toolChoice;
      parallelToolCalls = r.parallelToolCalls;
      responseFormat = r.responseFormat;
      temperature = r.temperature;
      topP = r.topP;
      n = r.n;
      stop = r.stop;
      maxTokens = r.maxTokens;
      maxCompletionTokens = r.maxCompletionTokens;
      presencePenalty = r.presencePenalty;
      frequencyPenalty = r.frequencyPenalty;
      logitBias = r.logitBias;
      logprobs = r.logprobs;
      topLogprobs = r.topLogprobs;
      seed = r.seed;
      user = r.user;
      metadata = r.metadata;
      stream = r.stream;
      streamOptions = r.streamOptions;
      reasoningEffort = r.reasoningEffort;
      extra = new LinkedHashMap<>(r.extra);
    }

    /** The model group (or alias, or {@code provider/model}) the request is for. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Replaces the messages. */
    public Builder messages(List<ChatMessage> messages) {
      this.messages = new ArrayList<>(messages);
      return this;
    }

    /** Appends a message. */
    public Builder addMessage(ChatMessage message) {
      this.messages.add(Objects.requireNonNull(message));
      return this;
    }

    /** The tools the model may call ({@code tools}). */
    public Builder tools(@Nullable List<Tool> tools) {
      this.tools = tools;
      return this;
    }

    /** Whether and which tool the model must call ({@code tool_choice}). */
    public Builder toolChoice(@Nullable ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    /** Whether the model may call several tools in one turn ({@code parallel_tool_calls}). */
    public Builder parallelToolCalls(@Nullable Boolean parallelToolCalls) {
      this.parallelToolCalls = parallelToolCalls;
      return this;
    }

    /** The output format: text, a JSON object, or a JSON schema ({@code response_format}). */
    public Builder responseFormat(@Nullable ResponseFormat responseFormat) {
      this.responseFormat = responseFormat;
      return this;
    }

    /** Sampling temperature ({@code temperature}). */
    public Builder temperature(@Nullable Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Nucleus sampling mass ({@code top_p}). */
    public Builder topP(@Nullable Double topP) {
      this.topP = topP;
      return this;
    }

    /** How many choices to generate ({@code n}). */
    public Builder n(@Nullable Integer n) {
      this.n = n;
      return this;
    }

    /** Sequences that end the generation ({@code stop}). */
    public Builder stop(@Nullable List<String> stop) {
      this.stop = stop;
      return this;
    }

    /** The legacy output token cap ({@code max_tokens}). */
    public Builder maxTokens(@Nullable Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** The output token cap, reasoning tokens included ({@code max_completion_tokens}). */
    public Builder maxCompletionTokens(@Nullable Integer maxCompletionTokens) {
      this.maxCompletionTokens = maxCompletionTokens;
      return this;
    }

    /** Presence penalty ({@code presence_penalty}). */
    public Builder presencePenalty(@Nullable Double presencePenalty) {
      this.presencePenalty = presencePenalty;
      return this;
    }

    /** Frequency penalty ({@code frequency_penalty}). */
    public Builder frequencyPenalty(@Nullable Double frequencyPenalty) {
      this.frequencyPenalty = frequencyPenalty;
      return this;
    }

    /** Token id to bias ({@code logit_bias}). */
    public Builder logitBias(@Nullable Map<String, Integer> logitBias) {
      this.logitBias = logitBias;
      return this;
    }

    /** Whether to return log probabilities ({@code logprobs}). */
    public Builder logprobs(@Nullable Boolean logprobs) {
      this.logprobs = logprobs;
      return this;
    }

    /** How many most likely tokens to return per position ({@code top_logprobs}). */
    public Builder topLogprobs(@Nullable Integer topLogprobs) {
      this.topLogprobs = topLogprobs;
      return this;
    }

    /** Seed for best-effort deterministic sampling ({@code seed}). */
    public Builder seed(@Nullable Long seed) {
      this.seed = seed;
      return this;
    }

    /** The end user's id, forwarded upstream ({@code user}). */
    public Builder user(@Nullable String user) {
      this.user = user;
      return this;
    }

    /** Key-value metadata sent with the request ({@code metadata}). */
    public Builder metadata(@Nullable Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    /** The {@code stream} flag; the router's {@code stream} calls set it themselves. */
    public Builder stream(@Nullable Boolean stream) {
      this.stream = stream;
      return this;
    }

    /** Stream options, such as usage in the last chunk ({@code stream_options}). */
    public Builder streamOptions(@Nullable StreamOptions streamOptions) {
      this.streamOptions = streamOptions;
      return this;
    }

    /** Reasoning effort for reasoning models ({@code reasoning_effort}). */
    public Builder reasoningEffort(@Nullable String reasoningEffort) {
      this.reasoningEffort = reasoningEffort;
      return this;
    }

    /** Sets a field the typed API does not model; it is sent upstream as is. */
    public Builder extra(String name, @Nullable Object value) {
      this.extra.put(name, value);
      return this;
    }

    /** Replaces every field the typed API does not model (see {@link #extra(String, Object)}). */
    public Builder extra(Map<String, Object> extra) {
      this.extra = new LinkedHashMap<>(extra);
      return this;
    }

    /** The request. */
    public ChatCompletionRequest build() {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model is required");
      }
      return new ChatCompletionRequest(
          model,
          messages,
          tools,
          toolChoice,
          parallelToolCalls,
          responseFormat,
          temperature,
          topP,
          n,
          stop,
          maxTokens,
          maxCompletionTokens,
          presencePenalty,
          frequencyPenalty,
          logitBias,
          logprobs,
          topLogprobs,
          seed,
          user,
          metadata,
          stream,
          streamOptions,
          reasoningEffort,
          extra);
    }
  }
}
