package dev.llmux.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.ContextWindowExceededException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.error.NotFoundException;
import dev.llmux.api.error.PermissionDeniedException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.providers.internal.ErrorMapper;
import java.util.Locale;
import java.util.function.Function;

/**
 * Maps Bedrock's errors to LLMux's hierarchy. A Bedrock error answer names its type in the {@code
 * x-amzn-ErrorType} header ({@code ThrottlingException:http://internal.amazon.com/...}) and carries
 * {@code {"message": "..."}} (sometimes {@code Message}); inside a ConverseStream the type is the
 * {@code :exception-type} header of an exception message ({@code throttlingException}).
 *
 * <ul>
 *   <li>{@code ValidationException} (400) → {@link BadRequestException}, or {@link
 *       ContextWindowExceededException} when the message says the input is too long;
 *   <li>{@code AccessDeniedException} (403) → {@link PermissionDeniedException} (no access to the
 *       model); {@code UnrecognizedClientException}, {@code InvalidSignatureException}, {@code
 *       ExpiredTokenException}, {@code IncompleteSignatureException}, {@code
 *       MissingAuthenticationTokenException} → {@link AuthenticationException};
 *   <li>{@code ResourceNotFoundException} (404) → {@link NotFoundException};
 *   <li>{@code ModelTimeoutException} (408) → {@link LlmTimeoutException};
 *   <li>{@code ThrottlingException}, {@code ModelNotReadyException}, {@code
 *       ServiceQuotaExceededException} → {@link RateLimitException} (retriable);
 *   <li>{@code ModelErrorException} (424), {@code ModelStreamErrorException}, {@code
 *       InternalServerException} (500), {@code ServiceUnavailableException} (503) → {@link
 *       UpstreamServerException} (retriable);
 *   <li>anything else: by HTTP status, as for OpenAI-shaped errors.
 * </ul>
 */
final class BedrockErrors {
  private BedrockErrors() {}

  /** An HTTP error answer. */
  static LlmException fromHttp(int status, String body, Function<String, String> headers) {
    String type = errorType(headers.apply("x-amzn-ErrorType"));
    String message = message(body);
    if (type == null) {
      // No type header: a proxy or a non-Bedrock answer; map by status and body.
      return ErrorMapper.fromHttp(status, body, headers);
    }
    if (message == null) {
      message = type + " (HTTP " + status + ")";
    }
    return map(type, message, status, headers);
  }

  /** An exception message inside a ConverseStream ({@code :exception-type}, JSON payload). */
  static LlmException fromStream(String exceptionType, String payload) {
    String message = message(payload);
    String type = exceptionType == null ? "" : exceptionType;
    if (!type.isEmpty()) {
      type = Character.toUpperCase(type.charAt(0)) + type.substring(1);
    }
    return map(type, message != null ? message : type + " in the event stream", null, name -> null);
  }

  private static LlmException map(
      String type, String message, Integer status, Function<String, String> headers) {
    switch (type) {
      case "ValidationException":
        if (isContextWindow(message)) {
          return new ContextWindowExceededException(message, status, null);
        }
        return new BadRequestException(message, type, null, 400, status, null);
      case "AccessDeniedException":
        return new PermissionDeniedException(message, type, status, null);
      case "UnrecognizedClientException":
      case "InvalidSignatureException":
      case "IncompleteSignatureException":
      case "ExpiredTokenException":
      case "MissingAuthenticationTokenException":
        return new AuthenticationException(message, type, status, null);
      case "ResourceNotFoundException":
        return new NotFoundException(message, type, status, null);
      case "ModelTimeoutException":
        return new LlmTimeoutException(message, status, null);
      case "ThrottlingException":
      case "ModelNotReadyException":
      case "ServiceQuotaExceededException":
        return new RateLimitException(
            message, ErrorMapper.fromHttp(429, "", headers).retryAfter(), status, null);
      case "ModelErrorException":
      case "ModelStreamErrorException":
      case "InternalServerException":
      case "ServiceUnavailableException":
        return new UpstreamServerException(message, status, null);
      default:
        if (status != null) {
          return ErrorMapper.fromHttp(
              status, Json.write(java.util.Map.of("message", message)), headers);
        }
        return new UpstreamServerException(message, null, null);
    }
  }

  /**
   * {@code ThrottlingException:http://internal.amazon.com/coral/...} → {@code ThrottlingException}.
   */
  static String errorType(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String t = header.strip();
    int colon = t.indexOf(':');
    if (colon >= 0) {
      t = t.substring(0, colon);
    }
    int hash = t.lastIndexOf('#');
    return hash >= 0 ? t.substring(hash + 1) : t;
  }

  private static String message(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = Json.mapper().readTree(body);
      if (node != null && node.isObject()) {
        for (String field : new String[] {"message", "Message"}) {
          JsonNode m = node.get(field);
          if (m != null && m.isTextual() && !m.asText().isEmpty()) {
            return m.asText();
          }
        }
      }
    } catch (Exception ignored) {
      // not JSON: the text itself
    }
    return ErrorMapper.truncate(body.strip());
  }

  private static boolean isContextWindow(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("input is too long")
        || m.contains("too many input tokens")
        || m.contains("prompt is too long")
        || m.contains("exceeds the maximum number of tokens")
        || m.contains("maximum context length")
        || m.contains("context window");
  }
}
