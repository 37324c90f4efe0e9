package dev.llmux.core.internal.routing;

import dev.llmux.api.error.ContextWindowExceededException;
import dev.llmux.api.error.NoHealthyDeploymentException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.core.Deployment;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.internal.telemetry.RequestScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The pre-call checks between a group's deployments and the strategy: tag filtering, context
 * window, the deployments' own rpm/tpm, and priority tiers; then the atomic per-minute reservation
 * on the deployment the strategy picked.
 */
public final class CandidateSelector {
  static final String DEFAULT_TAG = "default";

  private final RoutingContext ctx;

  CandidateSelector(RoutingContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The request's tags: the context's, plus a {@code tags} list in the request body's extra fields,
   * plus a chat request's {@code metadata.tags} (comma-separated: OpenAI's metadata values are
   * strings).
   */
  public static Set<String> requestTags(RequestScope scope) {
    List<String> fromContext = scope.context.tags();
    Object extra = null;
    String fromMetadata = null;
    if (scope.chat != null) {
      extra = scope.chat.extra().get("tags");
      Map<String, String> metadata = scope.chat.metadata();
      fromMetadata = metadata == null ? null : metadata.get("tags");
    } else if (scope.embedding != null) {
      Map<String, Object> e = scope.embedding.extra();
      extra = e == null ? null : e.get("tags");
    }
    if (fromContext.isEmpty() && !(extra instanceof List<?>) && fromMetadata == null) {
      return Set.of();
    }
    Set<String> tags = new LinkedHashSet<>(fromContext);
    if (extra instanceof List<?> l) {
      for (Object o : l) {
        if (o != null) {
          tags.add(o.toString());
        }
      }
    }
    if (fromMetadata != null) {
      for (String t : fromMetadata.split(",")) {
        if (!t.isBlank()) {
          tags.add(t.trim());
        }
      }
    }
    return tags;
  }

  /**
   * The deployments that may serve the request's tags (LiteLLM's semantics): with tags, those
   * matching them (any or all, as configured), else those tagged {@code default}, else none (an
   * error); without tags, those tagged {@code default} when there are any, else all.
   */
  public List<Deployment> tagged(ModelCatalog.Group group, RequestScope scope) {
    RoutingConfig.TagMatch mode = ctx.options.tagMatch();
    if (mode == RoutingConfig.TagMatch.OFF) {
      return group.deployments();
    }
    Set<String> tags = scope.tags();
    List<Deployment> out = new ArrayList<>(group.deployments().size());
    if (tags.isEmpty()) {
      for (Deployment d : group.deployments()) {
        if (d.tags().contains(DEFAULT_TAG)) {
          out.add(d);
        }
      }
      return out.isEmpty() ? group.deployments() : out;
    }
    for (Deployment d : group.deployments()) {
      boolean ok =
          mode == RoutingConfig.TagMatch.ALL ? d.tags().containsAll(tags) : anyOf(d.tags(), tags);
      if (ok) {
        out.add(d);
      }
    }
    if (out.isEmpty()) {
      for (Deployment d : group.deployments()) {
        if (d.tags().contains(DEFAULT_TAG)) {
          out.add(d); // the deployments serving requests whose tags match nothing
        }
      }
    }
    if (out.isEmpty()) {
      throw new NoHealthyDeploymentException(
          group.name(),
          "no deployment matches the request's tags "
              + tags
              + " ("
              + mode.name().toLowerCase()
              + "-of)",
          null,
          null);
    }
    return out;
  }

  private static boolean anyOf(List<String> have, Set<String> want) {
    for (String t : have) {
      if (want.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Drops deployments the prompt does not fit and those at their own rpm/tpm, then keeps the lowest
   * priority tier.
   *
   * @throws ContextWindowExceededException when the prompt fits none
   * @throws RateLimitException when every fitting deployment is at its limit
   */
  public List<Deployment> eligible(
      ModelCatalog.Group group, List<Deployment> healthy, RequestScope scope) {
    List<Deployment> list = healthy;
    if (ctx.options.contextWindowCheck() && scope.hasPrompt()) {
      List<Deployment> fit = new ArrayList<>(list.size());
      int largest = 0;
      int tokens = 0;
      for (Deployment d : list) {
        Integer max = ctx.price(d).maxInputTokens();
        int t = scope.tokens.forDeployment(d);
        tokens = Math.max(tokens, t);
        if (max == null || t <= max) {
          fit.add(d);
        } else {
          largest = Math.max(largest, max);
        }
      }
      if (fit.isEmpty()) {
        throw new ContextWindowExceededException(
            "the prompt ("
                + tokens
                + " tokens) exceeds the context window of"
                + " every deployment of model group '"
                + group.name()
                + "' (largest: "
                + largest
                + " tokens)");
      }
      list = fit;
    }
    if (ctx.options.enforceDeploymentLimits()) {
      List<Deployment> under = null;
      for (int i = 0; i < list.size(); i++) {
        Deployment d = list.get(i);
        boolean over =
            (d.rpm() != null || d.tpm() != null)
                && LowestTpmRpmStrategy.wouldExceed(
                    d, ctx.usage(d.id()), scope.tokens.forDeployment(d));
        if (over && under == null) {
          under = new ArrayList<>(list.subList(0, i));
        } else if (!over && under != null) {
          under.add(d);
        }
      }
      if (under != null) {
        if (under.isEmpty()) {
          throw allAtLimit(group);
        }
        list = under;
      }
    }
    return lowestTier(list);
  }

  /**
   * Counts the request and its prompt tokens on {@code d} in the shared per-deployment counters,
   * atomically against its rpm/tpm (when limits are enforced); remembers the earliest retry-after
   * of a refusal for {@link #allAtLimit}.
   */
  public boolean acquire(Deployment d, RequestScope scope, AttemptReservation out) {
    int tokens = scope.tokens.forDeployment(d);
    dev.llmux.core.store.Acquisition a =
        ctx.counters.tryAcquire(d, tokens, ctx.options.enforceDeploymentLimits());
    if (a.isGranted()) {
      out.permit = a.permit();
      out.tokens = tokens;
      return true;
    }
    if (a.retryAfter() != null
        && (out.retryAfter == null || a.retryAfter().compareTo(out.retryAfter) < 0)) {
      out.retryAfter = a.retryAfter();
    }
    return false;
  }

  /** The counted request of an attempt, to correct its tokens with the actual usage. */
  public static final class AttemptReservation {
    public dev.llmux.core.store.@Nullable Permit permit;
    int tokens;
    public @Nullable Duration retryAfter;
  }

  public RateLimitException allAtLimit(ModelCatalog.Group group) {
    return allAtLimit(group, null);
  }

  public RateLimitException allAtLimit(ModelCatalog.Group group, @Nullable Duration retryAfter) {
    return RateLimitException.rejected(
        "every deployment of model group '"
            + group.name()
            + "' is at its rpm/tpm limit (one-minute sliding window)",
        retryAfter != null ? retryAfter : Duration.ofMinutes(1));
  }

  /** Keeps only the lowest priority tier ({@code order}) present. */
  static List<Deployment> lowestTier(List<Deployment> healthy) {
    if (healthy.size() < 2) {
      return healthy;
    }
    int min = Integer.MAX_VALUE;
    boolean mixed = false;
    for (Deployment d : healthy) {
      if (min != Integer.MAX_VALUE && d.order() != min) {
        mixed = true;
      }
      min = Math.min(min, d.order());
    }
    if (!mixed) {
      return healthy;
    }
    List<Deployment> out = new ArrayList<>();
    for (Deployment d : healthy) {
      if (d.order() == min) {
        out.add(d);
      }
    }
    return out;
  }
}
