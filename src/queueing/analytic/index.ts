/** The analytic M/G/1 module: mean response times of the registry's policies from formulas. */
export {
  type AnalyticOptions,
  analyticMeanResponseTime,
  optimalThreshold,
} from './analytic-mean-response-time.js';
export type { AnalyticResult } from './analytic-result.js';
export { besselK } from './bessel-k.js';
export { type JointModel, jointModel } from './joint-model.js';
export { mm1ClosedForm, oneBitClosedForm } from './mm1-closed-forms.js';
export { type SoapPolicyName, soapPolicyMeanResponseTime } from './soap-mean-response-time.js';
export { type OneBitSource, shortClass, twoClassMeanResponseTime } from './two-class-formulas.js';
