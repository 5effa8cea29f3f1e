/** Exhaustiveness guard for closed unions: `default: return assertNever(x)`. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
