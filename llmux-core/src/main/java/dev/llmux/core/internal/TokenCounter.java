package dev.llmux.core.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ContentPart;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.embedding.EmbeddingRequest;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Counts tokens. OpenAI-family models are counted exactly with jtokkit: {@code o200k_base} for
 * gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1/o3/o4 and gpt-oss; {@code cl100k_base} for gpt-3.5, gpt-4,
 * gpt-4-turbo and the text-embedding models. Other models (Anthropic, Gemini, anything unknown) get
 * {@link TokenEstimator}'s estimate of about four characters per token, which is within roughly
 * 10-20% for English text on those tokenizers. Chat prompts add OpenAI's documented framing: 3
 * tokens per message, 1 per name, 3 to prime the reply; an image counts 85 tokens (OpenAI's
 * low-detail price; high-detail images cost more, so the count is a lower bound there).
 *
 * <p>Encodings load lazily, once per JVM, and are thread-safe.
 */
public final class TokenCounter {
  /** How a model's tokens are counted. */
  public enum Kind {
    O200K,
    CL100K,
    ESTIMATE
  }

  private static final int PER_MESSAGE = 3;
  private static final int PER_NAME = 1;
  private static final int REPLY_PRIMING = 3;
  private static final int PER_IMAGE = 85;
  private static final int PER_TOOL = 8;

  private TokenCounter() {}

  /** The counting kind for an upstream model name (a {@code provider/} prefix is ignored). */
  public static Kind kindFor(@Nullable String model) {
    if (model == null) {
      return Kind.ESTIMATE;
    }
    String m = model.toLowerCase(Locale.ROOT);
    int slash = m.lastIndexOf('/');
    if (slash >= 0) {
      m = m.substring(slash + 1);
    }
    if (m.startsWith("gpt-4o")
        || m.startsWith("chatgpt-4o")
        || m.startsWith("gpt-4.1")
        || m.startsWith("gpt-4.5")
        || m.startsWith("gpt-5")
        || m.startsWith("gpt-oss")
        || m.startsWith("o1")
        || m.startsWith("o3")
        || m.startsWith("o4")
        || m.startsWith("codex-")
        || m.startsWith("computer-use")) {
      return Kind.O200K;
    }
    if (m.startsWith("gpt-4")
        || m.startsWith("gpt-35")
        || m.startsWith("gpt-3.5")
        || m.startsWith("text-embedding-3")
        || m.startsWith("text-embedding-ada")) {
      return Kind.CL100K;
    }
    return Kind.ESTIMATE;
  }

  /** Tokens of a piece of text. */
  public static int text(Kind kind, @Nullable String s) {
    if (s == null || s.isEmpty()) {
      return 0;
    }
    switch (kind) {
      case O200K:
        return O200k.ENCODING.countTokensOrdinary(s);
      case CL100K:
        return Cl100k.ENCODING.countTokensOrdinary(s);
      default:
        return TokenEstimator.ofText(s);
    }
  }

  /** Tokens of a chat prompt: messages (with OpenAI's framing) and tool definitions. */
  public static int prompt(Kind kind, ChatCompletionRequest request) {
    int tokens = REPLY_PRIMING;
    for (ChatMessage m : request.messages()) {
      tokens += PER_MESSAGE + text(kind, m.role());
      if (m.name() != null) {
        tokens += PER_NAME + text(kind, m.name());
      }
      if (m.content() != null) {
        if (m.content().isText()) {
          tokens += text(kind, m.content().text());
        } else {
          for (ContentPart p : m.content().parts()) {
            tokens += p.isImage() ? PER_IMAGE : text(kind, p.text());
          }
        }
      }
      if (m.toolCalls() != null) {
        for (ToolCall tc : m.toolCalls()) {
          if (tc.function() != null) {
            tokens += text(kind, tc.function().name()) + text(kind, tc.function().arguments());
          }
        }
      }
    }
    List<Tool> tools = request.tools();
    if (tools != null) {
      for (Tool t : tools) {
        tokens += PER_TOOL;
        if (t.function() != null) {
          tokens += text(kind, t.function().name()) + text(kind, t.function().description());
          if (t.function().parameters() != null) {
            tokens += text(kind, String.valueOf(t.function().parameters()));
          }
        }
      }
    }
    return tokens;
  }

  /** Tokens of an embedding request's input (token-array inputs count their length). */
  static int embedding(Kind kind, EmbeddingRequest request) {
    int tokens = 0;
    for (Object item : request.inputItems()) {
      tokens += item instanceof String s ? text(kind, s) : item instanceof List<?> l ? l.size() : 1;
    }
    return tokens;
  }

  private static final class Registry {
    static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
  }

  private static final class O200k {
    static final com.knuddels.jtokkit.api.Encoding ENCODING =
        Registry.REGISTRY.getEncoding(EncodingType.O200K_BASE);
  }

  private static final class Cl100k {
    static final com.knuddels.jtokkit.api.Encoding ENCODING =
        Registry.REGISTRY.getEncoding(EncodingType.CL100K_BASE);
  }
}
