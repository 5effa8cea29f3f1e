/** The SLO class table lives in core (metrics names its rows after it); re-exported for traces. */
export { type SloClassName, sloClasses, sloClassNames } from '../core/slo-classes.js';
