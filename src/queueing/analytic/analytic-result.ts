/**
 * The outcome of an analytic evaluation: a value, an unstable system (lambda E[S] >= 1; never
 * Infinity or NaN), or a policy without a formula here.
 */
export type AnalyticResult =
  | { readonly kind: 'ok'; readonly value: number; readonly threshold?: number }
  | { readonly kind: 'unstable'; readonly load: number }
  | { readonly kind: 'unsupported'; readonly reason: string };
