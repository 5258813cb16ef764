// Reusable detector metrics: every detector's eval command reports with these.

export {
  type AtThreshold,
  atThreshold,
  type BinaryReport,
  binaryReport,
  rocAuc,
  type Scored,
  tprAtFpr,
} from './metrics.ts';
