/**
 * Robust parsing of a model's answer to "how many tokens would your response be?" (§13):
 * the first integer in the text (thousands separators allowed: "1,200"), so "About 150 tokens",
 * "150-200" (-> 150) and "~80." all parse. No digits, or 0, gives undefined (the caller falls
 * back). The result is clamped to [1, maxTokens].
 *
 * @example
 * parseLengthAnswer('Approximately 1,200 tokens.', 4096); // 1200
 */
export function parseLengthAnswer(text: string, maxTokens: number): number | undefined {
  const match = /\d{1,3}(?:,\d{3})+(?!\d)|\d+/.exec(text);
  if (match === null) return undefined;
  const value = Number(match[0].replaceAll(',', ''));
  if (!Number.isFinite(value) || value <= 0) return undefined;
  return Math.min(Math.max(1, Math.round(value)), Math.max(1, maxTokens));
}

/** The exact postfix of the blog (§13), appended to the end of the user content. */
export function selfPredictionPostfix(maxTokens: number): string {
  return `\n\nDo not answer the above question. Instead, just predict: how many tokens would your response be if you were to answer? (Note: maximum response length is ${maxTokens} tokens) Respond with only a number. Be precise`;
}
