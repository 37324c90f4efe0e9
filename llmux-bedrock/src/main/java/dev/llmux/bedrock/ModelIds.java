package dev.llmux.bedrock;

import dev.llmux.api.error.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Bedrock model ids: foundation model ids ({@code anthropic.claude-3-5-sonnet-20241022-v2:0}),
 * cross-region inference profiles ({@code us.anthropic.claude-3-5-sonnet-20241022-v2:0}, {@code
 * global.anthropic.claude-sonnet-4-5-20250929-v1:0}) and ARNs (provisioned throughput, application
 * inference profiles). LiteLLM's route prefixes {@code converse/} and {@code invoke/} are accepted
 * and removed.
 */
final class ModelIds {
  /** Geography prefixes of cross-region inference profile ids. */
  private static final Set<String> GEOGRAPHIES =
      Set.of("us", "eu", "apac", "us-gov", "global", "jp", "au", "ca");

  private ModelIds() {}

  /** The model id as Bedrock takes it: without a LiteLLM route prefix; blank is a bad request. */
  static String normalize(String model) {
    if (model == null || model.isBlank()) {
      throw new BadRequestException("model is required", "model");
    }
    String m = model.strip();
    if (m.startsWith("converse/")) {
      m = m.substring("converse/".length());
    } else if (m.startsWith("invoke/")) {
      m = m.substring("invoke/".length());
    }
    return m;
  }

  /**
   * The model's provider ({@code anthropic}, {@code amazon}, {@code meta}, {@code cohere}, {@code
   * mistral}, {@code openai}...): the part before the first dot, after a geography prefix and, for
   * an ARN, after the last {@code /}. An application inference profile ARN names no model: {@code
   * ""}.
   */
  static String family(String modelId) {
    String m = modelId.toLowerCase(Locale.ROOT);
    if (m.startsWith("arn:")) {
      m = m.substring(m.lastIndexOf('/') + 1);
    }
    int dot = m.indexOf('.');
    if (dot < 0) {
      return "";
    }
    String first = m.substring(0, dot);
    if (GEOGRAPHIES.contains(first)) {
      m = m.substring(dot + 1);
      dot = m.indexOf('.');
      if (dot < 0) {
        return "";
      }
      first = m.substring(0, dot);
    }
    return first;
  }

  /** The model part of the id after its family ({@code claude-3-5-sonnet-20241022-v2:0}). */
  static String modelName(String modelId) {
    String m = modelId.toLowerCase(Locale.ROOT);
    if (m.startsWith("arn:")) {
      m = m.substring(m.lastIndexOf('/') + 1);
    }
    String family = family(modelId);
    int at = m.indexOf(family + ".");
    return at < 0 ? m : m.substring(at + family.length() + 1);
  }

  /**
   * The id as one URL path segment, encoded as the AWS SDK encodes it ({@code :} → {@code %3A},
   * {@code /} → {@code %2F}); the request is signed over this encoded path (SigV4 encodes it once
   * more in the canonical request, as Bedrock does when verifying).
   */
  static String pathSegment(String modelId) {
    StringBuilder sb = new StringBuilder(modelId.length() + 16);
    for (byte b : modelId.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }
}
