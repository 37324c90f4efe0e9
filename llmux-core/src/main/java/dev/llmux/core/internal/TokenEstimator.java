package dev.llmux.core.internal;

/**
 * The estimate used for models without an exact tokenizer here (Anthropic, Gemini, unknown): about
 * four characters per token, the rule of thumb OpenAI documents for English text, rounded up. It is
 * typically within 10-20% of those providers' own counts for English prose and lower for code or
 * non-Latin scripts. Provider-reported usage always wins; see {@link TokenCounter}.
 */
final class TokenEstimator {
  private TokenEstimator() {}

  static int ofText(CharSequence s) {
    return s == null || s.length() == 0 ? 0 : (s.length() + 3) / 4;
  }
}
