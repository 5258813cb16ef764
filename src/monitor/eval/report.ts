// Turning a replay into the figures issue 6 asks for, and printing them for people or as JSON.

import type { DriftCalibration } from '../detectors/drift.ts';
import type { Scenario } from './scenario.ts';

export interface RunResult {
  readonly sent: number;
  /** Queries the run had sent when the first alert naming one of its accounts was raised. */
  readonly first?: number | undefined;
  readonly firstBy: Record<string, number>;
  readonly fidelityAtAlert?: number | undefined;
  readonly fidelityFinal?: number;
  /** Papernot: labels the attacker held when its substitute first reached half its final agreement. */
  readonly halfFinalAt?: number | undefined;
  /** Papernot: the substitute's agreement after each training, with the labels it was trained on. */
  readonly curve?: readonly { queries: number; agreement: number }[];
}

export interface AttackerReport {
  readonly name: string;
  readonly kind: string;
  readonly accounts: number;
  readonly runs: readonly RunResult[];
}

interface Raw {
  scenario: Scenario;
  victimAccuracy: number;
  events: number;
  seconds: number;
  benignRequests: number;
  benignUsers: number;
  benignAlerts: Record<string, number>;
  benignIncidents: number;
  benignDraftRequests: number;
  /** Alert drafts naming attack accounts with no run owning most of them (not counted as detections). */
  crossRunDrafts: number;
  attackers: AttackerReport[];
  driftAt: number;
  driftDrafts: number[];
  driftCalibrations: DriftCalibration[];
  start: number;
}

const q = (xs: number[], p: number) => {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const r3 = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 1000) / 1000);

/** Aggregates per attacker group: detection rate, queries to first alert, flagged share, fidelity, cost. */
export function summarise(raw: Raw) {
  const perMillion = (n: number) => (raw.benignRequests ? (n / raw.benignRequests) * 1e6 : 0);
  const attackers = raw.attackers.map((a) => {
    const detected = a.runs.filter((r) => r.first !== undefined);
    const firsts = detected.map((r) => r.first!);
    const byDetector: Record<string, { runs: number; medianQueries: number | undefined }> = {};
    for (const r of a.runs)
      for (const d of Object.keys(r.firstBy)) {
        byDetector[d] ??= { runs: 0, medianQueries: 0 };
        byDetector[d].runs++;
      }
    for (const d of Object.keys(byDetector))
      byDetector[d]!.medianQueries = q(
        a.runs.filter((r) => r.firstBy[d] !== undefined).map((r) => r.firstBy[d]!),
        0.5,
      );
    const fidAt = detected.map((r) => r.fidelityAtAlert).filter((v): v is number => v !== undefined);
    // The synthetic-extraction goal: an alert before the copy reaches half of its final agreement.
    const curves = a.runs.filter((r) => r.curve?.length);
    const substitute = curves.length
      ? {
          alertBeforeHalfFinal: r3(
            curves.filter(
              (r) => r.first !== undefined && (r.halfFinalAt === undefined || r.first < r.halfFinalAt),
            ).length / curves.length,
          ),
          halfFinalAt: q(
            curves.map((r) => r.halfFinalAt).filter((v): v is number => v !== undefined),
            0.5,
          ),
          /** Median over runs of the agreement after each training round. */
          curve: curves[0]!.curve!.map((p, i) => ({
            queries: p.queries,
            agreement: r3(
              q(
                curves.map((r) => r.curve![i]?.agreement ?? 0),
                0.5,
              ),
            ),
          })),
        }
      : undefined;
    const fidFinal = a.runs.map((r) => r.fidelityFinal).filter((v): v is number => v !== undefined);
    return {
      name: a.name,
      kind: a.kind,
      accounts: a.accounts,
      runs: a.runs.length,
      meanQueriesPerRun: Math.round(a.runs.reduce((s, r) => s + r.sent, 0) / (a.runs.length || 1)),
      detectedRuns: detected.length,
      detectedShare: r3(detected.length / (a.runs.length || 1)),
      queriesToFirstAlert: { median: q(firsts, 0.5), p90: q(firsts, 0.9), max: q(firsts, 1) },
      /** Runs detected within 1% of their own query count. */
      withinOnePercent: r3(
        a.runs.filter((r) => r.first !== undefined && r.first <= 0.01 * r.sent).length / (a.runs.length || 1),
      ),
      /** Share of the run's queries sent at or after its first alert (what an action at the alert would stop). */
      flaggedShare: r3(
        a.runs.reduce((s, r) => s + (r.first === undefined ? 0 : (r.sent - r.first + 1) / r.sent), 0) /
          (a.runs.length || 1),
      ),
      /** Accounts an attacker needs if each is blocked at its first alert. */
      costMultiplier: r3(
        q(
          detected.map((r) => r.sent / Math.max(r.first!, 1)),
          0.5,
        ),
      ),
      fidelityAtAlert: r3(q(fidAt, 0.5)),
      fidelityFinal: r3(q(fidFinal, 0.5)),
      ...(substitute ? { substitute } : {}),
      byDetector,
    };
  });
  const falseDrift = raw.driftDrafts.filter((t) => t < raw.driftAt);
  const firstDrift = raw.driftDrafts.find((t) => t >= raw.driftAt);
  const cal = raw.driftCalibrations[0];
  // Monitored time before any drift: from the end of the reference window to the drift (or the end).
  const monitoredDays = cal
    ? (Math.min(raw.driftAt, raw.start + raw.scenario.days * 86_400_000) - raw.start) / 86_400_000 -
      5000 / cal.eventsPerDay
    : 0;
  const totalAlerts = Object.values(raw.benignAlerts).reduce((a, b) => a + b, 0);
  return {
    scenario: raw.scenario.name,
    seed: raw.scenario.seed,
    mode: 'synthetic audit events shaped as the gateway records a classifier call, time compressed',
    victim: {
      dataset: raw.scenario.victim.dataset,
      model: 'softmax regression',
      holdoutAccuracy: r3(raw.victimAccuracy),
    },
    events: raw.events,
    seconds: r3(raw.seconds),
    eventsPerSecond: Math.round(raw.events / raw.seconds),
    benign: {
      requests: raw.benignRequests,
      identities: raw.benignUsers,
      alertsByDetector: raw.benignAlerts,
      alerts: totalAlerts,
      alertsPerMillion: r3(perMillion(totalAlerts)),
      incidents: raw.benignIncidents,
      incidentsPerMillion: r3(perMillion(raw.benignIncidents)),
      flaggedRequests: raw.benignDraftRequests,
      flaggedPerMillion: r3(perMillion(raw.benignDraftRequests)),
    },
    crossRunAlertDrafts: raw.crossRunDrafts,
    attackers,
    drift: {
      injected: raw.scenario.drift ?? null,
      detectionDelayMinutes: firstDrift !== undefined ? r3((firstDrift - raw.driftAt) / 60_000) : null,
      falseAlarms: falseDrift.length,
      monitoredDays: r3(monitoredDays),
      configuredDaysBetweenFalseAlarms: cal?.falseAlarmEveryDays ?? null,
      measuredDaysBetweenFalseAlarms: falseDrift.length ? r3(monitoredDays / falseDrift.length) : null,
      calibrations: raw.driftCalibrations,
    },
  };
}

export type EvalReport = ReturnType<typeof summarise>;

/** The report as aligned text. */
export function formatReport(r: EvalReport): string {
  const out: string[] = [];
  out.push(`scenario ${r.scenario} (seed ${r.seed}) — ${r.mode}`);
  out.push(`victim: ${r.victim.model} on ${r.victim.dataset}, holdout accuracy ${r.victim.holdoutAccuracy}`);
  out.push(`replayed ${r.events} events in ${r.seconds} s (${r.eventsPerSecond}/s)`);
  const b = r.benign;
  out.push('');
  out.push(`benign: ${b.requests} requests from ${b.identities} identities`);
  out.push(`  alerts ${b.alerts} (${b.alertsPerMillion} per million): ${JSON.stringify(b.alertsByDetector)}`);
  out.push(
    `  incidents ${b.incidents} (${b.incidentsPerMillion} per million); requests that raised a detector ${b.flaggedRequests} (${b.flaggedPerMillion} per million)`,
  );
  if (r.attackers.length) {
    out.push('');
    if (r.crossRunAlertDrafts)
      out.push(
        `alert drafts naming accounts of several attack runs, none owning most (shared natural inputs; credited to none): ${r.crossRunAlertDrafts}`,
      );
    out.push(
      'attacker                          runs  detected  q→alert med/p90/max   ≤1%   flagged  cost×   fidelity@alert/final',
    );
    for (const a of r.attackers) {
      const qa = a.queriesToFirstAlert;
      out.push(
        `${a.name.padEnd(32)} ${String(a.runs).padStart(5)}  ${String(a.detectedShare).padStart(8)}  ${`${qa.median ?? '-'}/${qa.p90 ?? '-'}/${qa.max ?? '-'}`.padStart(19)}  ${String(a.withinOnePercent).padStart(5)}  ${String(a.flaggedShare).padStart(7)}  ${String(a.costMultiplier ?? '-').padStart(5)}   ${a.fidelityFinal !== undefined ? `${a.fidelityAtAlert ?? '-'}/${a.fidelityFinal}` : 'n/a'}`,
      );
      out.push(
        `    per detector (runs, median queries): ${
          Object.entries(a.byDetector)
            .map(([d, v]) => `${d} ${v.runs}, ${v.medianQueries}`)
            .join('; ') || 'none'
        }  [${a.meanQueriesPerRun} queries/run]`,
      );
      if (a.substitute)
        out.push(
          `    substitute agreement by labels held: ${a.substitute.curve.map((p) => `${p.queries}: ${p.agreement}`).join(', ')}; half of final reached at ${a.substitute.halfFinalAt ?? '-'} labels; alerted before that in ${a.substitute.alertBeforeHalfFinal} of runs`,
        );
    }
  }
  const d = r.drift;
  out.push('');
  if (d.injected)
    out.push(
      `drift: ${d.injected.kind} ${d.injected.value} at day ${d.injected.atDay}: detected after ${d.detectionDelayMinutes ?? 'never'} min`,
    );
  out.push(
    `drift false alarms: ${d.falseAlarms} over ${d.monitoredDays} monitored days → one per ${d.measuredDaysBetweenFalseAlarms ?? '∞'} days (configured: one per ${d.configuredDaysBetweenFalseAlarms} days)`,
  );
  return out.join('\n');
}
