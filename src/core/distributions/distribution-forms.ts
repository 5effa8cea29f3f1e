/**
 * The accepted service-distribution specs, for help texts and errors (`parseDistribution` parses
 * them). A module of its own so that `llmsched queueing --help` lists them without loading every
 * distribution.
 *
 * @example
 * distributionForms.join(' | '); // 'exp | exp:MEAN | weibull:SHAPE,SCALE | ...'
 */
export const distributionForms = [
  'exp',
  'exp:MEAN',
  'weibull:SHAPE,SCALE',
  'lognormal:MU,SIGMA',
  'bpareto:ALPHA,LOW,HIGH',
  'det:X',
  'hyperexp:P1,MEAN1,MEAN2',
  'empirical:PATH',
] as const;
