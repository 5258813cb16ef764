// Model-file scanning: the public surface for the CLI and the registry (`registry push` scans before it stores).

export { scanPath } from './scan.ts';
export { toSarif } from './sarif.ts';
export { evaluate } from './eval.ts';
export type { EvalResult } from './eval.ts';
export { severityRank, SEVERITIES } from './types.ts';
export type { Finding, ScanOptions, ScannedFile, ScanReport, Severity } from './types.ts';
