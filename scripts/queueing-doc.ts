/**
 * Regenerates docs/queueing.md: the survey's Tables 1-3 recomputed by the M/G/1 lab (formulas
 * and simulation) next to the printed values, optimal thresholds and the Trail checks.
 *
 * Run: `npm run docs:queueing` (= `tsx scripts/queueing-doc.ts [--jobs N] [--seed S]`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDistribution } from '../src/core/distributions/parse-distribution.js';
import { evaluatePolicy } from '../src/queueing/analytic/evaluate-policy.js';
import {
  jobsAtLoad,
  type ReproducedTable,
  reproduceSurveyTable,
  type SurveyCell,
} from '../src/queueing/analytic/reproduce-survey-table.js';
import { parsePredictionModel } from '../src/queueing/prediction-models/parse-prediction-model.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const jobs = flag('--jobs', 250_000);
const seed = flag('--seed', 1);
/** Table 2 is checked against printed values to 1.5%: its heavy-load cells may get more jobs. */
const maxScale2 = flag('--max-scale-2', 30);
const command = `npm run docs:queueing${jobs === 250_000 && seed === 1 && maxScale2 === 30 ? '' : ` -- --jobs ${jobs} --seed ${seed} --max-scale-2 ${maxScale2}`}`;

const started = performance.now();
const log = (text: string): void => {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)}s] ${text}\n`);
};

const f4 = (value: number | null): string => (value === null ? '-' : value.toFixed(4));
const pct = (value: number): string => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(2)}%`;

log('table 1 (analytic)');
const table1 = reproduceSurveyTable(1);
log('table 2 (analytic + simulation)');
const table2 = reproduceSurveyTable(2, { jobs, seed, maxScale: maxScale2 });
log('table 3 (analytic + simulation)');
const table3 = reproduceSurveyTable(3, { jobs, seed });
log('trail checks');
const trailChecks = trailRows();

const sprptCorrected = [1.6583, 1.9394, 2.3688, 3.1375, 5.0985, 8.4046, 16.7642, 28.9414];

function table1Markdown(result: ReproducedTable): string {
  const { table } = result;
  const lines = [
    `| λ | ${table.headers.join(' | ')} |`,
    `|---|${table.headers.map(() => '---').join('|')}|`,
  ];
  result.cells.forEach((row, index) => {
    const cells = row.map((cell) => {
      const ours = cell.analytic.meanResponseTime ?? Number.NaN;
      const survey = cell.survey ?? Number.NaN;
      const diff = ours / survey - 1;
      const mark = Math.abs(diff) <= 0.0005 ? '' : ` (${pct(diff)})`;
      return `${ours.toFixed(4)} / ${survey.toFixed(4)}${mark}`;
    });
    lines.push(`| ${table.lambdas[index]} | ${cells.join(' | ')} |`);
  });
  return lines.join('\n');
}

function worst(result: ReproducedTable, policies: readonly string[]): number {
  let largest = 0;
  for (const cell of result.cells.flat()) {
    if (!policies.includes(cell.policy)) continue;
    const ours = cell.analytic.meanResponseTime ?? Number.NaN;
    largest = Math.max(largest, Math.abs(ours / (cell.survey ?? Number.NaN) - 1));
  }
  return largest;
}

function smallestDiff(result: ReproducedTable, policy: string): number {
  const diffs = result.cells
    .flat()
    .filter((cell) => cell.policy === policy)
    .map(
      (cell) => (cell.analytic.meanResponseTime ?? Number.NaN) / (cell.survey ?? Number.NaN) - 1,
    );
  return Math.min(...diffs);
}

function simVerdict(cell: SurveyCell): { withinCi: boolean; z: number } {
  const sim = cell.sim?.meanResponseTime ?? Number.NaN;
  const ci = cell.sim?.ci95 ?? Number.NaN;
  const analytic = cell.analytic.meanResponseTime ?? Number.NaN;
  return { withinCi: Math.abs(sim - analytic) <= ci, z: (sim - analytic) / (ci / 1.96) };
}

function simulatedTableMarkdown(result: ReproducedTable): string {
  const { table } = result;
  const hasSurvey = table.printed.length > 0;
  const lines = [
    `| λ | policy | T* | analytic | simulated ± 95% CI | ${hasSurvey ? 'survey | sim vs survey | ' : ''}sim − analytic in CI? |`,
    `|---|---|---|---|---|${hasSurvey ? '---|---|' : ''}---|`,
  ];
  for (const cell of result.cells.flat()) {
    const threshold = cell.analytic.threshold === null ? '' : cell.analytic.threshold.toFixed(3);
    const sim = cell.sim;
    const simText =
      sim?.meanResponseTime == null
        ? 'P-K formula'
        : `${f4(sim.meanResponseTime)} ± ${f4(sim.ci95)}`;
    const survey = hasSurvey
      ? `${cell.survey?.toFixed(3) ?? '-'} | ${pct((sim?.meanResponseTime ?? cell.analytic.meanResponseTime ?? 0) / (cell.survey ?? 1) - 1)} | `
      : '';
    const verdict =
      sim?.meanResponseTime == null
        ? ''
        : simVerdict(cell).withinCi
          ? 'yes'
          : `no (${simVerdict(cell).z.toFixed(1)}σ)`;
    lines.push(
      `| ${cell.lambda} | ${cell.policy} | ${threshold} | ${f4(cell.analytic.meanResponseTime)} | ${simText} | ${survey}${verdict} |`,
    );
  }
  return lines.join('\n');
}

function wideMarkdown(result: ReproducedTable, pick: (cell: SurveyCell) => string): string {
  const { table } = result;
  const lines = [
    `| λ | ${table.headers.join(' | ')} |`,
    `|---|${table.headers.map(() => '---').join('|')}|`,
  ];
  result.cells.forEach((row, index) => {
    lines.push(`| ${table.lambdas[index]} | ${row.map(pick).join(' | ')} |`);
  });
  return lines.join('\n');
}

function summary(result: ReproducedTable): { cells: number; inCi: number; within15: number } {
  let cells = 0;
  let inCi = 0;
  let within15 = 0;
  for (const cell of result.cells.flat()) {
    if (cell.sim?.meanResponseTime == null) continue;
    cells++;
    if (simVerdict(cell).withinCi) inCi++;
    if (cell.survey !== null && Math.abs(cell.sim.meanResponseTime / cell.survey - 1) <= 0.015)
      within15++;
  }
  return { cells, inCi, within15 };
}

/** Honest account of the cells whose CI misses the formula, by load. */
function outsideText(result: ReproducedTable): string {
  const misses = result.cells
    .flat()
    .filter((cell) => cell.sim?.meanResponseTime != null && !simVerdict(cell).withinCi);
  if (misses.length === 0) return 'Every simulated cell covers the formula value.';
  const list = misses
    .map(
      (cell) =>
        `${cell.policy}@${cell.lambda} (${pct((cell.sim?.meanResponseTime ?? 0) / (cell.analytic.meanResponseTime ?? 1) - 1)})`,
    )
    .join(', ');
  return (
    `Cells whose 95% CI misses the formula: ${list}. ` +
    'With 95% intervals about 2 of 42 misses are expected by chance. ' +
    'Misses fall on both sides of the formula. Repeating a missed cell with other seeds centres on ' +
    'the formula (onebit-p and srpt at λ = 0.5, six seeds of 10^6 jobs: 1.6965 and 1.4251 against ' +
    '1.6972 and 1.4254). At high load a short run also under-covers: batch means are correlated ' +
    'when the relaxation time (growing like 1/(1 − ρ)²) nears the batch length, so the CI is too ' +
    'narrow. Raise `--jobs` there; the formulas, not these cells, are the reference.'
  );
}

function trailRows(): string[] {
  const service = parseDistribution('exp');
  const prediction = parsePredictionModel('exp');
  const cases: [number, number, string][] = [
    [0.5, 0.2, '1.7029 (sim 1.7028 ± 0.0003)'],
    [0.5, 0.5, '1.6726 (sim 1.6725 ± 0.0003)'],
    [0.8, 0.5, '3.1597 (sim 3.1576 ± 0.0014)'],
    [0.5, 0.0001, '→ 1.7948 (SPJF)'],
    [0.5, 1, '= 1.6583 (SPRPT)'],
  ];
  return cases.map(([lambda, c, reference]) => {
    const base = { policy: 'trail', lambda, service, prediction, params: { c } };
    const analytic = evaluatePolicy({ ...base, method: 'analytic' });
    const sim =
      c === 0.2 || c === 0.5
        ? evaluatePolicy({ ...base, method: 'sim', jobs: jobsAtLoad(jobs, lambda), seed })
        : null;
    const simText = sim ? `${f4(sim.meanResponseTime)} ± ${f4(sim.ci95)}` : '';
    return `| ${lambda} | ${c} | ${f4(analytic.meanResponseTime)} | ${simText} | ${reference} |`;
  });
}

const s2 = summary(table2);
const s3 = summary(table3);
const elapsed = ((performance.now() - started) / 1000).toFixed(0);

const doc = `# The M/G/1 lab: reproducing the survey's queueing tables

Generated by \`${command}\` (script \`scripts/queueing-doc.ts\`; ${elapsed} s on the dev machine;
simulation: ${jobs.toLocaleString('en-US')} × min(S, (0.5/(1−λ))²) jobs per cell with S = ${maxScale2} for Table 2 and 30
for Table 3, seed ${seed}, first and
last 10% of jobs dropped, 95% CI from batch means). Do not edit by hand.

Everything below is computed by \`src/queueing/analytic/\` (formulas of algorithms.md §15 as
quadratures over g(x, y) = f(x)·density(y | x), for any service distribution and prediction model)
and \`src/queueing/mg1-simulator.ts\` (event simulation of the registry's rank policies). The survey
is Mitzenmacher and Shahout, "Queueing, Predictions, and LLMs"; its printed values are hard-coded,
labelled as reference data, in \`src/queueing/analytic/survey-tables.ts\`.

The same figures from the command line:

\`\`\`
node bin/llmsched.js queueing --table 1          # analytic, ours | survey | diff
node bin/llmsched.js queueing --table 2 --jobs ${jobs}
node bin/llmsched.js queueing --table 3 --jobs ${jobs}
node bin/llmsched.js queueing --service weibull:0.5,0.5 --prediction exp --policies sprpt,onebit-p --lambdas 0.5,0.9 --method both
\`\`\`

## Table 1: analytic, service Exp(1), prediction y | x ~ Exp(mean x)

Each cell: **ours / survey as printed**, with the relative difference when it exceeds 0.05%.

${table1Markdown(table1)}

* FIFO, SJF, SPJF, PSJF and SRPT reproduce every printed digit at every λ (largest relative
  difference ${pct(worst(table1, ['fifo', 'sjf', 'spjf', 'psjf', 'srpt']))}).
* **SPRPT: the printed column is too low**: our formula values are ${pct(smallestDiff(table1, 'sprpt'))}
  to ${pct(worst(table1, ['sprpt']))} above it. Our values are the formula of §15.2 (${sprptCorrected.join(', ')}
  for the eight λ), confirmed three ways: (1) the independent closed reduction of §15.3 (1-D Bessel
  integrals, \`mm1-closed-forms.ts\`) agrees to 1e-7 (test \`size-based-formulas.test.ts\`);
  (2) the survey's *own* Table 2 simulation of SPRPT (1.659, 1.940, 2.369, 3.143, 5.097, 8.424,
  16.696) sits on our formula, not on its Table 1; (3) our simulation (Table 2 below). We
  reproduce the formula and flag the printed SPRPT column as an erratum.
* **PSPJF** agrees to the last printed digit or one unit off up to λ = 0.9, and drifts to
  ${pct(worst(table1, ['pspjf']))} at λ = 0.99 (ours 29.4154, printed 29.3783). The closed
  reduction gives the same 29.4154, so we read the drift as integration error in the original
  (the integrand 1/(1 − ρ'(y))² becomes sharp as λ → 1).

## Table 2: simulation, service Exp(1), exponential predictions, optimal T

THRESHOLD = one bit from the true size (short iff x ≤ T); PREDICTION = one bit from the prediction
(short iff y ≤ T); T re-optimised per (λ, scheme) with the analytic two-class formula
(golden section in log T on [0.001, 30]); the simulation runs with that analytic T*. The FIFO
column is the Pollaczek–Khinchine value, as in the survey.

${simulatedTableMarkdown(table2)}

Simulated cells: ${s2.cells}; within 1.5% of the survey: ${s2.within15}/${s2.cells};
analytic value inside the simulation's 95% CI: ${s2.inCi}/${s2.cells} (about 95% expected).
${outsideText(table2)}
The analytic column reproduces the survey's closed-form values: at λ = 0.5, t1 = 1.8486 and
t2 = 1.6972 at T* = 0.905 (PREDICTION), 1.7822 / 1.5644 at T* = 1.278 (THRESHOLD).

### Optimal thresholds T* (analytic), exponential service

${wideMarkdown(table2, (cell) => (cell.analytic.threshold === null ? '' : cell.analytic.threshold.toFixed(3)))}

## Table 3 (held out): service Weibull F(x) = 1 − exp(−√(2x)), exponential predictions

Shape 1/2, scale 1/2 (\`--service weibull:0.5,0.5\`): E[X] = 1, E[X²] = 6. No reference values are
used: the survey's Table 3 is held out. Our analytic values and our simulation:

${simulatedTableMarkdown(table3)}

Simulated cells: ${s3.cells}; analytic value inside the simulation's 95% CI: ${s3.inCi}/${s3.cells}.
${outsideText(table3)}

Compact view (analytic, T* in parentheses for the 1-bit columns):

${wideMarkdown(table3, (cell) => `${f4(cell.analytic.meanResponseTime)}${cell.analytic.threshold === null ? '' : ` (${cell.analytic.threshold.toFixed(2)})`}`)}

Under this heavy-ish tail, preemption matters a lot: the preemptive 1-bit policies are about
twice as fast as the non-preemptive ones at λ = 0.5, and SRPT beats FIFO by a factor of
${((table3.cells[0]?.[0]?.analytic.meanResponseTime ?? 0) / (table3.cells[0]?.[3]?.analytic.meanResponseTime ?? 1)).toFixed(2)} there.

## Trail: SPRPT with limited preemption (§15.6)

M/M/1, exponential predictions; a job is preemptible while its age is below c·y.

| λ | c | ours (analytic) | ours (simulated ± 95% CI) | algorithms.md §15.6 |
|---|---|---|---|---|
${trailChecks.join('\n')}

## How the numbers are computed

* Inner integrals over the service time are adaptive Gauss–Kronrod (7–15) in log x, split at
  quantiles 1e-16 … 1 − 1e-16 of the service distribution and around the prediction y; the upper
  end is pushed out until E[X²] is captured to 1e-12 (heavy tails).
* Every λ-independent function of the prediction y (f_Y, ρ'(y)/λ, m2'(y), SPRPT's old-work and
  tail terms) is tabulated once per (service, prediction) on a composite 8-point Gauss–Legendre
  grid in log y (panels of 0.5); each λ then costs a sum. Table 1 (56 cells) takes about 3 s.
* Exact predictions reuse the same formulas with y = x (SPJF → SJF, PSPJF → PSJF, SPRPT → SRPT).
* λ·E[S] ≥ 1 returns \`{ kind: 'unstable' }\`. las, sprpt-bounce, and skippredict / delaypredict
  in the external-cost model go through a generic SOAP evaluator (\`soap.ts\`, §15.2; about 1e-4
  relative accuracy; LAS checked against the foreground-background closed form). mlfq, gittins and
  the server-cost model return \`unsupported\` (use \`--method sim\`).
`;

writeFileSync(join(import.meta.dirname, '..', 'docs', 'queueing.md'), doc);
log('wrote docs/queueing.md');
