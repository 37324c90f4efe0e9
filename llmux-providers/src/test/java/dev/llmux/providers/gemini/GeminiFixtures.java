package dev.llmux.providers.gemini;

/** Wire-accurate Gemini API payloads, in the shapes the Gemini API reference documents. */
final class GeminiFixtures {
  private GeminiFixtures() {}

  static final String TEXT_RESPONSE =
      """
      {
        "candidates": [
          {
            "content": {
              "parts": [{"text": "AI learns patterns from data."}],
              "role": "model"
            },
            "finishReason": "STOP",
            "avgLogprobs": -0.2191
          }
        ],
        "usageMetadata": {
          "promptTokenCount": 8,
          "candidatesTokenCount": 12,
          "totalTokenCount": 20,
          "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 8}],
          "candidatesTokensDetails": [{"modality": "TEXT", "tokenCount": 12}]
        },
        "modelVersion": "gemini-2.0-flash",
        "responseId": "mAitZ8K1GYqXm9IPv9nFmAI"
      }
      """;

  static final String FUNCTION_CALL_RESPONSE =
      """
      {
        "candidates": [
          {
            "content": {
              "parts": [
                {"functionCall": {"name": "get_weather", "args": {"location": "San Francisco, CA"}}},
                {"functionCall": {"name": "get_weather", "args": {"location": "New York, NY"}}}
              ],
              "role": "model"
            },
            "finishReason": "STOP",
            "index": 0
          }
        ],
        "usageMetadata": {"promptTokenCount": 60, "candidatesTokenCount": 20, "totalTokenCount": 80},
        "modelVersion": "gemini-2.5-flash",
        "responseId": "resp-fc"
      }
      """;

  static final String THINKING_RESPONSE =
      """
      {
        "candidates": [
          {
            "content": {
              "parts": [
                {"text": "The user asks for a sum; 2+2 is 4.", "thought": true},
                {"text": "4"}
              ],
              "role": "model"
            },
            "finishReason": "STOP",
            "index": 0
          }
        ],
        "usageMetadata": {
          "promptTokenCount": 1100,
          "candidatesTokenCount": 1,
          "totalTokenCount": 1151,
          "cachedContentTokenCount": 1024,
          "thoughtsTokenCount": 50
        },
        "modelVersion": "gemini-2.5-pro",
        "responseId": "resp-think"
      }
      """;

  static final String BLOCKED_PROMPT =
      """
      {
        "promptFeedback": {"blockReason": "SAFETY", "safetyRatings": [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}]},
        "usageMetadata": {"promptTokenCount": 7, "totalTokenCount": 7},
        "modelVersion": "gemini-2.0-flash"
      }
      """;

  static String withFinishReason(String reason) {
    return TEXT_RESPONSE.replace("\"STOP\"", "\"" + reason + "\"");
  }

  static String error(int code, String status, String message) {
    return "{\n  \"error\": {\n    \"code\": "
        + code
        + ",\n    \"message\": \""
        + message
        + "\",\n    \"status\": \""
        + status
        + "\"\n  }\n}\n";
  }

  static final String RATE_LIMITED =
      """
      {
        "error": {
          "code": 429,
          "message": "You exceeded your current quota, please check your plan and billing details.",
          "status": "RESOURCE_EXHAUSTED",
          "details": [
            {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests", "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "37s"}
          ]
        }
      }
      """;

  static final String BAD_KEY =
      """
      {
        "error": {
          "code": 400,
          "message": "API key not valid. Please pass a valid API key.",
          "status": "INVALID_ARGUMENT",
          "details": [
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com", "metadata": {"service": "generativelanguage.googleapis.com"}}
          ]
        }
      }
      """;

  /**
   * A text stream as alt=sse sends it: one GenerateContentResponse per data line, no terminator.
   */
  static final String TEXT_STREAM =
      """
      data: {"candidates": [{"content": {"parts": [{"text": "The"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9,"totalTokenCount": 9},"modelVersion": "gemini-2.0-flash","responseId": "stream-1"}

      data: {"candidates": [{"content": {"parts": [{"text": " sky is blue."}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9,"totalTokenCount": 9},"modelVersion": "gemini-2.0-flash","responseId": "stream-1"}

      data: {"candidates": [{"content": {"parts": [{"text": ""}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 9,"candidatesTokenCount": 6,"totalTokenCount": 15},"modelVersion": "gemini-2.0-flash","responseId": "stream-1"}

      """;

  static final String TOOL_STREAM =
      """
      data: {"candidates": [{"content": {"parts": [{"text": "Checking."}],"role": "model"},"index": 0}],"modelVersion": "gemini-2.5-flash","responseId": "stream-fc"}

      data: {"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_weather","args": {"location": "Paris"}}},{"functionCall": {"name": "get_time","args": {"tz": "CET"}}}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 30,"candidatesTokenCount": 10,"totalTokenCount": 40},"modelVersion": "gemini-2.5-flash","responseId": "stream-fc"}

      """;

  static final String ERROR_MID_STREAM =
      """
      data: {"candidates": [{"content": {"parts": [{"text": "Part"}],"role": "model"},"index": 0}],"modelVersion": "gemini-2.0-flash","responseId": "stream-err"}

      data: {"error": {"code": 503, "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE"}}

      """;
}
