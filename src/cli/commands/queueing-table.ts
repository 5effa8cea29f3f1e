/**
 * `llmsched queueing --table 1|2|3`: reproduces one of the survey's tables (analytic and
 * simulated cells next to the printed values), as text or one JSON object.
 *
 * @example
 * runTable({ table: '1', jobs: '200000', seed: '1', ... });
 */

import type { EvaluationRow } from '../../queueing/analytic/evaluate-policy.js';
import {
  type ReproducedTable,
  reproduceSurveyTable,
} from '../../queueing/analytic/reproduce-survey-table.js';
import { surveyTables } from '../../queueing/analytic/survey-tables.js';
import { CliError } from '../cli-error.js';
import { createProgress } from '../progress.js';
import type { QueueingFlags } from './queueing.js';
import { alignColumns, format, parseJobs, parseSeed } from './queueing-rows.js';

/**
 * `llmsched queueing --table 1|2|3`: reproduces one of the survey's tables (analytic and simulated
 * cells next to the printed values), as text or one JSON object.
 */
export function runTable(flags: QueueingFlags): void {
  const id = Number(flags.table);
  if (id !== 1 && id !== 2 && id !== 3)
    throw new CliError(`--table: '${flags.table}' must be 1, 2 or 3`);
  const jobs = parseJobs(flags.jobs);
  const seed = parseSeed(flags.seed);
  const table = surveyTables[id];
  const progress = createProgress({
    label: `queueing --table ${id}`,
    total: table.lambdas.length * table.policies.length,
    unit: 'cells',
  });
  const result = reproduceSurveyTable(id, {
    jobs,
    seed,
    onCell: (cell) => progress.tick(`${cell.policy} lambda ${cell.lambda}`),
  });
  progress.stop();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(tableJson(result))}\n`);
    return;
  }
  process.stdout.write(renderTable(result));
}

function tableJson(result: ReproducedTable): unknown {
  const { table } = result;
  return {
    table: table.id,
    title: table.title,
    service: table.service,
    prediction: table.prediction,
    policies: table.policies,
    rows: result.cells.flat().map((cell) => ({
      policy: cell.policy,
      lambda: cell.lambda,
      analytic: cell.analytic.meanResponseTime,
      threshold: cell.analytic.threshold,
      sim: cell.sim?.meanResponseTime ?? null,
      ci95: cell.sim?.ci95 ?? null,
      survey: cell.survey,
      relativeDiff: relativeDiff(cell.sim ?? cell.analytic, cell.survey),
    })),
  };
}

function relativeDiff(row: EvaluationRow | null, survey: number | null): number | null {
  const ours = row?.meanResponseTime ?? null;
  return ours === null || survey === null ? null : ours / survey - 1;
}

/** Text rendering: one line per lambda; each cell "ours | survey | diff%" (or analytic / sim). */
export function renderTable(result: ReproducedTable): string {
  const { table } = result;
  const lines = [`${table.title}`];
  if (table.printed.length > 0) {
    lines.push(
      `each cell: ours (${table.method === 'sim' ? 'simulated ±95% CI; FIFO: P-K formula' : 'analytic'}) | survey as printed | relative diff`,
    );
  } else {
    lines.push('each cell: analytic | simulated ±95% CI (no reference values: held-out table)');
  }
  const header = ['lambda', ...table.headers];
  const body = result.cells.map((row, index) => [
    String(table.lambdas[index]),
    ...row.map((cell) => {
      const analytic = cell.analytic.meanResponseTime;
      const sim = cell.sim?.meanResponseTime ?? null;
      const simText = sim === null ? '-' : `${format(sim)}±${format(cell.sim?.ci95 ?? 0)}`;
      if (cell.survey === null) return `${analytic === null ? '-' : format(analytic)} | ${simText}`;
      const simulated = table.method === 'sim' && cell.sim !== null;
      const diff = relativeDiff(simulated ? cell.sim : cell.analytic, cell.survey);
      const oursText = simulated ? simText : analytic === null ? '-' : format(analytic);
      const surveyText = cell.survey.toFixed(table.id === 1 ? 4 : 3);
      const diffText =
        diff === null ? '-' : `${(Math.abs(diff) < 5e-6 ? 0 : diff * 100).toFixed(2)}%`;
      return `${oursText} | ${surveyText} | ${diffText}`;
    }),
  ]);
  lines.push(alignColumns([header, ...body]).trimEnd());
  const thresholds = result.cells.map((row) =>
    row
      .filter((cell) => cell.analytic.threshold !== null)
      .map((cell) => `${cell.policy} ${format(cell.analytic.threshold ?? 0)}`)
      .join(', '),
  );
  if (thresholds.some((text) => text !== '')) {
    lines.push('optimal T (analytic; also used by the simulation):');
    thresholds.forEach((text, index) => {
      lines.push(`  lambda ${table.lambdas[index]}: ${text}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
