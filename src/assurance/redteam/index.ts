// Red teaming: attack LLM endpoints before attackers do. Probes (what) × strategies (how) × graders
// (who decides), one result model, reports for people (HTML) and machines (JSON, JUnit, SARIF).

export { loadRedteamConfig, parseRedteamConfig, type RedteamConfig, redteamConfigSchema } from './config.ts';
export { type CellChange, diffRuns, type RunDiff } from './diff.ts';
export { evaluateRefusal, type GraderEval, type Labelled, readLabelled } from './eval.ts';
export { type ExecuteOptions, executeConfig, writeReports } from './execute.ts';
export { applyGate, type Thresholds, thresholdsSchema } from './gate.ts';
export { classifyRefusal } from './lib/refusal.ts';
export { loadRegistry, type Registry } from './registry.ts';
export { toHtml } from './report/html.ts';
export { toJunit } from './report/junit.ts';
export { toSarif } from './report/sarif.ts';
export { type Attempt, type Cell, type RunResult, runResultSchema, type Totals } from './result.ts';
export { type RunOptions, runRedteam } from './run.ts';
export { latestPassing, migrateRedteam, saveRun } from './store.ts';
export {
  createTarget,
  type RunLimits,
  type Target,
  type TargetConfig,
  targetConfig,
} from './target/index.ts';
export type { Grader, Probe, Reply, Strategy, TestCase } from './types.ts';
