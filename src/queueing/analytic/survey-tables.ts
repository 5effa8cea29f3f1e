/**
 * REFERENCE DATA, copied as printed from the survey "Queueing, Predictions, and LLMs"
 * (Mitzenmacher and Shahout), via ../shared/docs/queueing-tables.md. These are the published
 * numbers, not ours; `llmsched queueing --table N` prints them next to our figures.
 *
 * Known errata (algorithms.md 15.4): Table 1's SPRPT column is printed 0.3-0.8% too low (the
 * formula gives 1.6583 at lambda 0.5, matching the survey's own Table 2 simulation, 1.659), and
 * PSPJF drifts up to ~0.13% low at lambda 0.99 (integration error in the original).
 */
export interface SurveyTable {
  readonly id: 1 | 2 | 3;
  readonly title: string;
  readonly service: string;
  readonly prediction: string;
  readonly method: 'analytic' | 'sim';
  /** Registry policy names, in the survey's column order. */
  readonly policies: readonly string[];
  /** Column headers as the survey prints them. */
  readonly headers: readonly string[];
  readonly lambdas: readonly number[];
  /** printed[lambda index][policy index]; empty for the held-out table. */
  readonly printed: readonly (readonly number[])[];
}

export const surveyTable1: SurveyTable = {
  id: 1,
  title: 'Table 1: analytic, service Exp(1), prediction y|x ~ Exp(mean x)',
  service: 'exp',
  prediction: 'exp',
  method: 'analytic',
  policies: ['fifo', 'sjf', 'spjf', 'psjf', 'pspjf', 'srpt', 'sprpt'],
  headers: ['FIFO', 'SJF', 'SPJF', 'PSJF', 'PSPJF', 'SRPT', 'SPRPT'],
  lambdas: [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99],
  printed: [
    [2.0, 1.7127, 1.7948, 1.5314, 1.6636, 1.4254, 1.6531],
    [2.5, 1.9625, 2.1086, 1.7526, 1.9527, 1.6041, 1.9305],
    [3.3333, 2.3122, 2.5726, 2.0839, 2.397, 1.8746, 2.3539],
    [5.0, 2.8822, 3.3758, 2.6589, 3.1943, 2.3528, 3.1168],
    [10.0, 4.1969, 5.361, 4.0518, 5.2232, 3.5521, 5.0481],
    [20.0, 6.264, 8.6537, 6.2648, 8.6166, 5.541, 8.3221],
    [50.0, 11.2849, 16.9502, 11.5513, 17.109, 10.4947, 16.6239],
    [100.0, 18.4507, 29.0536, 18.9556, 29.3783, 17.6269, 28.7302],
  ],
};

const oneBitPolicies = [
  'fifo',
  'threshold-np',
  'threshold-p',
  'srpt',
  'onebit-np',
  'onebit-p',
  'sprpt',
] as const;
const oneBitHeaders = [
  'FIFO',
  'THR no-pre',
  'THR pre',
  'SRPT',
  'PRED no-pre',
  'PRED pre',
  'SPRPT',
] as const;

export const surveyTable2: SurveyTable = {
  id: 2,
  title: 'Table 2: simulation, service Exp(1), prediction y|x ~ Exp(mean x), optimal T',
  service: 'exp',
  prediction: 'exp',
  method: 'sim',
  policies: oneBitPolicies,
  headers: oneBitHeaders,
  lambdas: [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98],
  printed: [
    [2.0, 1.783, 1.564, 1.425, 1.85, 1.698, 1.659],
    [2.5, 2.089, 1.814, 1.604, 2.209, 2.013, 1.94],
    [3.333, 2.542, 2.203, 1.875, 2.761, 2.517, 2.369],
    [5.0, 3.329, 2.91, 2.355, 3.757, 3.451, 3.143],
    [10.0, 5.278, 4.755, 3.552, 6.366, 5.96, 5.097],
    [20.0, 8.535, 7.914, 5.532, 10.848, 10.372, 8.424],
    [50.0, 16.495, 15.735, 10.436, 22.418, 21.909, 16.696],
  ],
};

/** The held-out case: Weibull F(x) = 1 - exp(-sqrt(2x)) (mean 1); no reference values here. */
export const surveyTable3: SurveyTable = {
  id: 3,
  title: 'Table 3 (held out): service Weibull F(x) = 1 - exp(-sqrt(2x)), prediction Exp(mean x)',
  service: 'weibull:0.5,0.5',
  prediction: 'exp',
  method: 'sim',
  policies: oneBitPolicies,
  headers: oneBitHeaders,
  lambdas: [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98],
  printed: [],
};

export const surveyTables = { 1: surveyTable1, 2: surveyTable2, 3: surveyTable3 } as const;
