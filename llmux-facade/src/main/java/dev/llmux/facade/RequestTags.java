package dev.llmux.facade;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.responses.ResponsesRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's tags (tag routing, spend rows), from every place a caller may put them: the key's and
 * its team's tags ({@link Authenticator.Principal#tags()}), the {@code x-llmux-tags} header
 * (comma-separated, repeatable), the body's {@code tags} list (LiteLLM's) and its {@code
 * metadata.tags} (a list, as LiteLLM writes it, or a comma-separated string, OpenAI's metadata
 * values being strings). The body's are taken out of the request: they are LLMux's, not the
 * upstream's (OpenAI refuses an unknown {@code tags} parameter). At most {@link #MAX_TAGS} tags of
 * at most {@link #MAX_TAG_LENGTH} characters are kept.
 */
final class RequestTags {
  /** The header a caller sets tags with. */
  static final String HEADER = "x-llmux-tags";

  static final int MAX_TAGS = 64;
  static final int MAX_TAG_LENGTH = 256;

  private static final String TAGS = "tags";

  private RequestTags() {}

  /** A request without its tags, and the tags. */
  record Split<T>(T request, List<String> tags) {}

  /** The tags of the request's key, headers and body, in that order, without duplicates. */
  static List<String> merge(Exchange ex, Authenticator.Principal p, List<String> body) {
    Set<String> all = new LinkedHashSet<>(p.tags());
    for (String h : ex.request.getHeaders().getValuesList(HEADER)) {
      addAll(all, h);
    }
    all.addAll(body);
    List<String> out = new ArrayList<>(Math.min(all.size(), MAX_TAGS));
    for (String t : all) {
      if (out.size() == MAX_TAGS) {
        break;
      }
      out.add(t.length() > MAX_TAG_LENGTH ? t.substring(0, MAX_TAG_LENGTH) : t);
    }
    return out;
  }

  static Split<ChatCompletionRequest> of(ChatCompletionRequest r) {
    Object extra = r.extra().get(TAGS);
    String meta = r.metadata() == null ? null : r.metadata().get(TAGS);
    if (extra == null && meta == null) {
      return new Split<>(r, List.of());
    }
    List<String> tags = new ArrayList<>();
    Map<String, Object> x = extra == null ? r.extra() : without(r.extra(), tags);
    Map<String, String> m = meta == null ? r.metadata() : withoutTags(r.metadata(), tags);
    return new Split<>(r.toBuilder().extra(x).metadata(m).build(), tags);
  }

  static Split<ResponsesRequest> of(ResponsesRequest r) {
    Object extra = r.extra().get(TAGS);
    String meta = r.metadata() == null ? null : r.metadata().get(TAGS);
    if (extra == null && meta == null) {
      return new Split<>(r, List.of());
    }
    List<String> tags = new ArrayList<>();
    Map<String, Object> x = extra == null ? r.extra() : without(r.extra(), tags);
    Map<String, String> m = meta == null ? r.metadata() : withoutTags(r.metadata(), tags);
    return new Split<>(
        new ResponsesRequest(
            r.model(),
            r.input(),
            r.instructions(),
            r.tools(),
            r.toolChoice(),
            r.parallelToolCalls(),
            r.text(),
            r.maxOutputTokens(),
            r.reasoning(),
            m,
            r.stream(),
            r.store(),
            r.previousResponseId(),
            r.temperature(),
            r.topP(),
            r.user(),
            x),
        tags);
  }

  static Split<EmbeddingRequest> of(EmbeddingRequest r) {
    Map<String, Object> extra = r.extra();
    if (extra == null || extra.get(TAGS) == null) {
      return new Split<>(r, List.of());
    }
    List<String> tags = new ArrayList<>();
    Map<String, Object> x = without(extra, tags);
    return new Split<>(
        new EmbeddingRequest(r.model(), r.input(), r.encodingFormat(), r.dimensions(), r.user(), x),
        tags);
  }

  static Split<CompletionRequest> of(CompletionRequest r) {
    if (r.extra().get(TAGS) == null) {
      return new Split<>(r, List.of());
    }
    List<String> tags = new ArrayList<>();
    Map<String, Object> x = without(r.extra(), tags);
    return new Split<>(
        new CompletionRequest(
            r.model(),
            r.prompt(),
            r.suffix(),
            r.maxTokens(),
            r.temperature(),
            r.topP(),
            r.n(),
            r.stop(),
            r.echo(),
            r.logprobs(),
            r.presencePenalty(),
            r.frequencyPenalty(),
            r.seed(),
            r.user(),
            r.stream(),
            x),
        tags);
  }

  /** {@code extra} without {@code tags}, whose entries (a list or a string) go to {@code into}. */
  private static Map<String, Object> without(Map<String, Object> extra, List<String> into) {
    Object v = extra.get(TAGS);
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o != null) {
          addAll(into, o.toString());
        }
      }
    } else if (v != null) {
      addAll(into, v.toString());
    }
    Map<String, Object> copy = new LinkedHashMap<>(extra);
    copy.remove(TAGS);
    return copy;
  }

  private static Map<String, String> withoutTags(Map<String, String> metadata, List<String> into) {
    addAll(into, metadata.get(TAGS));
    Map<String, String> copy = new LinkedHashMap<>(metadata);
    copy.remove(TAGS);
    return copy.isEmpty() ? null : copy;
  }

  /** Adds the comma-separated tags of {@code csv}, trimmed, empty ones dropped. */
  private static void addAll(java.util.Collection<String> into, String csv) {
    if (csv == null) {
      return;
    }
    for (String t : csv.split(",")) {
      String s = t.trim();
      if (!s.isEmpty()) {
        into.add(s);
      }
    }
  }
}
