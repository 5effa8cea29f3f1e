/**
 * The batch policy every command uses when `--policy` is not given (`simulate`, `compare`,
 * `engine replay`, and the gateway): the predicted scheduler `predicted-cost`
 * (docs/policies/predicted-cost.md). One constant, so every entry point changes together.
 */
export const defaultBatchPolicyName = 'predicted-cost';
