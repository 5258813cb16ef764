// Promotion gates: an alias such as `production` moves only to a version that passes every gate the
// configuration declares for it — signed by a trusted key, scan clean, an approved risk assessment, a
// passing assurance (red-team) run. A blocked promotion names each failed gate and why, and is itself
// recorded, with who tried (promote.ts). Rollback, the emergency path back to a known-good version:
// rollback.ts.

import { latestPassing } from '../../assurance/redteam/store.ts';
import { type Severity, severityRank } from '../../scan/index.ts';
import type { Store } from '../../store/index.ts';
import { checkSignature } from '../lib/signature.ts';
import type { TrustPolicy } from '../trust.ts';
import { checkProvenanceSignature } from './provenance.ts';
import { resolveVersion } from './history.ts';
import { migrateRegistry } from './push.ts';
import type { ScanSummary } from './push.ts';

export const GATES = [
  'signed',
  'scan_clean',
  'risk_approved',
  'assurance_passing',
  'provenance_signed',
] as const;
export type Gate = (typeof GATES)[number];
export const RISKS = ['low', 'medium', 'high', 'critical'] as const;
export type Risk = (typeof RISKS)[number];

export interface GatePolicy {
  /** Gates per alias; `*` applies to every alias without its own entry. */
  readonly gates: Readonly<Record<string, readonly Gate[]>>;
  /** Signers for the `signed` gate. */
  readonly trust?: TrustPolicy;
  /** `scan_clean`: every finding must be below this severity (default `medium`: info and low pass). */
  readonly scanBelow?: Severity;
  /** `risk_approved`: the approved assessment's risk must be at most this (default `high`). */
  readonly riskMax?: Risk;
  /**
   * `risk_approved` under four eyes: the approver may be neither who pushed the version nor who is
   * promoting it (default off).
   */
  readonly fourEyes?: boolean;
}

export interface GateCheck {
  readonly gate: Gate;
  readonly ok: boolean;
  readonly reason: string;
}

export function gatesFor(policy: GatePolicy | undefined, alias: string): readonly Gate[] {
  if (!policy) return [];
  return policy.gates[alias] ?? policy.gates['*'] ?? [];
}

type Raw = Record<string, unknown>;

/** Checks each gate declared for `alias` against `name@version`, promoted by `actor` when known. */
export async function checkGates(
  store: Store,
  name: string,
  version: number,
  alias: string,
  policy: GatePolicy | undefined,
  now: Date = new Date(),
  actor?: string,
): Promise<GateCheck[]> {
  await migrateRegistry(store);
  const gates = gatesFor(policy, alias);
  if (gates.length === 0) return [];
  const v = await resolveVersion(store, { name, version });
  if (!v) return gates.map((gate) => ({ gate, ok: false, reason: `${name} has no version ${version}` }));
  const row = (
    await store.sql.query<Raw>(
      'SELECT scan, provenance FROM registry_versions WHERE name = $1 AND version = $2',
      [name, version],
    )
  )[0];
  const out: GateCheck[] = [];
  for (const gate of gates) {
    switch (gate) {
      case 'signed': {
        if (!v.bundle) {
          out.push({ gate, ok: false, reason: 'the version has no signature' });
          break;
        }
        if (!policy?.trust || policy.trust.signers.length === 0) {
          out.push({ gate, ok: false, reason: 'no trust policy is configured (registry.trust)' });
          break;
        }
        const sig = checkSignature(v.bundle, policy.trust, name, now);
        const signedRoot = decodeRoot(v.bundle.dsseEnvelope.payload);
        if (sig.problems.length > 0)
          out.push({ gate, ok: false, reason: sig.problems.map((p) => p.message).join('; ') });
        else if (signedRoot !== v.rootDigest)
          out.push({ gate, ok: false, reason: 'the signature covers other content than this version' });
        else out.push({ gate, ok: true, reason: `signed by ${sig.signer?.name ?? 'a trusted signer'}` });
        break;
      }
      case 'scan_clean': {
        const below = policy?.scanBelow ?? 'medium';
        if (row?.scan === null || row?.scan === undefined) {
          out.push({ gate, ok: false, reason: 'the version was not scanned' });
          break;
        }
        const scan = JSON.parse(String(row.scan)) as ScanSummary;
        if (scan.worst !== null && severityRank(scan.worst) >= severityRank(below))
          out.push({
            gate,
            ok: false,
            reason: `the scan found ${scan.findings} finding(s), worst ${scan.worst} (must be below ${below}): ${scan.rules.join(', ')}`,
          });
        else
          out.push({ gate, ok: true, reason: scan.findings ? `worst finding ${scan.worst}` : 'no findings' });
        break;
      }
      case 'risk_approved': {
        const max = policy?.riskMax ?? 'high';
        const a = (
          await store.sql.query<Raw>(
            'SELECT risk, approved, assessor, at FROM registry_assessments WHERE name = $1 AND version = $2 ORDER BY id DESC LIMIT 1',
            [name, version],
          )
        )[0];
        if (!a) out.push({ gate, ok: false, reason: 'no risk assessment is recorded for this version' });
        else if (Number(a.approved) !== 1)
          out.push({
            gate,
            ok: false,
            reason: `the latest risk assessment (by ${String(a.assessor)}) is not approved`,
          });
        else if (RISKS.indexOf(String(a.risk) as Risk) > RISKS.indexOf(max))
          out.push({
            gate,
            ok: false,
            reason: `assessed risk ${String(a.risk)} is above the allowed ${max}`,
          });
        else if (policy?.fourEyes && (String(a.assessor) === v.createdBy || String(a.assessor) === actor))
          out.push({
            gate,
            ok: false,
            reason: `four eyes: ${String(a.assessor)} approved the risk and ${String(a.assessor) === v.createdBy ? 'pushed' : 'is promoting'} this version`,
          });
        else out.push({ gate, ok: true, reason: `risk ${String(a.risk)} approved by ${String(a.assessor)}` });
        break;
      }
      case 'assurance_passing': {
        const run = await latestPassing(store, name, String(version));
        out.push(
          run
            ? { gate, ok: true, reason: `red-team run ${run.id} passed` }
            : {
                gate,
                ok: false,
                reason: `no passing red-team run is stored for model ${name} version ${version}`,
              },
        );
        break;
      }
      case 'provenance_signed': {
        if (row?.provenance === null || row?.provenance === undefined) {
          out.push({ gate, ok: false, reason: 'no SLSA provenance is recorded for this version' });
          break;
        }
        if (!policy?.trust || policy.trust.signers.length === 0) {
          out.push({ gate, ok: false, reason: 'no trust policy is configured (registry.trust)' });
          break;
        }
        const prov = JSON.parse(String(row.provenance)) as { envelope?: unknown; builder: string };
        const sig = checkProvenanceSignature(prov.envelope, policy.trust, name);
        out.push(
          sig.ok
            ? { gate, ok: true, reason: `provenance from ${prov.builder} signed by ${sig.signer}` }
            : { gate, ok: false, reason: sig.reason },
        );
        break;
      }
    }
  }
  return out;
}

function decodeRoot(payload: string): string | undefined {
  try {
    const st = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as {
      subject?: { digest?: { sha256?: string } }[];
    };
    return st.subject?.[0]?.digest?.sha256;
  } catch {
    return undefined;
  }
}
