/**
 * Recomputes one of the survey's tables: every (lambda, policy) cell analytically, and for the
 * simulated tables (2 and 3) also by M/G/1 simulation, next to the printed reference value.
 * Simulation runs `jobs * min(maxScale, (0.5 / (1 - lambda))^2)` jobs per cell (maxScale 30 by default) (the relative variance of a
 * mean response time grows like 1/(1-lambda)^2), each cell with its own seed derived from `seed` (independent errors, so the share of
 * cells whose CI covers the formula is meaningful). The FIFO column is the
 * Pollaczek-Khinchine value, as in the survey (simulating FIFO at high load only adds noise).
 *
 * @example
 * reproduceSurveyTable(1).cells[0]?.[6]?.analytic.meanResponseTime; // SPRPT at 0.5: 1.6583
 */

import { parseDistribution } from '../../core/distributions/parse-distribution.js';
import { parsePredictionModel } from '../prediction-models/parse-prediction-model.js';
import { type EvaluationRow, evaluatePolicy } from './evaluate-policy.js';
import { type SurveyTable, surveyTables } from './survey-tables.js';

/** One cell of a survey table: analytic and simulated values next to the printed one. */
export interface SurveyCell {
  readonly policy: string;
  readonly lambda: number;
  readonly analytic: EvaluationRow;
  readonly sim: EvaluationRow | null;
  /** The survey's printed value (null for the held-out table). */
  readonly survey: number | null;
}

export interface ReproducedTable {
  readonly table: SurveyTable;
  /** cells[lambda index][policy index] */
  readonly cells: readonly (readonly SurveyCell[])[];
}

export interface ReproduceOptions {
  readonly simulate?: boolean;
  readonly jobs?: number;
  readonly seed?: number;
  /** Cap on the load scaling of `jobs` (default 30; see jobsAtLoad). */
  readonly maxScale?: number;
  /** Called after each simulated cell (progress reporting). */
  readonly onCell?: (cell: SurveyCell) => void;
}

/** A distinct, deterministic seed per table cell. */
export function cellSeed(seed: number, row: number, column: number): number {
  return (seed + 7919 * row + 104_729 * column) >>> 0;
}

/** Jobs simulated at load lambda for a base budget `jobs`: jobs * min(maxScale, (0.5/(1-lambda))^2). */
export function jobsAtLoad(jobs: number, lambda: number, maxScale = 30): number {
  return Math.round(jobs * Math.min(maxScale, Math.max(1, (0.5 / (1 - lambda)) ** 2)));
}

export function reproduceSurveyTable(
  id: 1 | 2 | 3,
  options: ReproduceOptions = {},
): ReproducedTable {
  const table = surveyTables[id];
  const service = parseDistribution(table.service);
  const prediction = parsePredictionModel(table.prediction);
  const simulate = (options.simulate ?? true) && table.method === 'sim';
  const jobs = options.jobs ?? 200_000;
  const cells: SurveyCell[][] = [];
  for (const [row, lambda] of table.lambdas.entries()) {
    const line: SurveyCell[] = [];
    for (const [column, policy] of table.policies.entries()) {
      const request = { policy, lambda, service, prediction, threshold: 'optimal' as const };
      const cell: SurveyCell = {
        policy,
        lambda,
        analytic: evaluatePolicy({ ...request, method: 'analytic' }),
        sim:
          simulate && policy !== 'fifo'
            ? evaluatePolicy({
                ...request,
                method: 'sim',
                jobs: jobsAtLoad(jobs, lambda, options.maxScale),
                seed: cellSeed(options.seed ?? 1, row, column),
              })
            : null,
        survey: table.printed[row]?.[column] ?? null,
      };
      options.onCell?.(cell);
      line.push(cell);
    }
    cells.push(line);
  }
  return { table, cells };
}
