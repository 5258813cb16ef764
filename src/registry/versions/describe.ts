// One line on what a registry event's detail says, for `registry history`: which gates a promotion
// passed or why it was blocked, an assessment's risk, how a rollback target was verified.

import type { GateCheck } from './gates.ts';
import type { HistoryEvent } from './history.ts';
import type { RollbackVerification } from './rollback.ts';

const MAX = 240;
const clip = (s: string) => (s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s);

/** A short human summary of `event.detail` ('-' when there is none). */
export function describeEvent(event: HistoryEvent): string {
  const d = event.detail;
  if (d === undefined || d === null) return '-';
  switch (event.action) {
    case 'promote':
    case 'alias': {
      const checks = d as GateCheck[];
      return checks.length ? clip(`gates passed: ${checks.map((c) => c.gate).join(', ')}`) : 'no gates';
    }
    case 'promote_blocked':
      return clip(
        `blocked by ${(d as GateCheck[])
          .filter((c) => !c.ok)
          .map((c) => `${c.gate} (${c.reason})`)
          .join('; ')}`,
      );
    case 'assess': {
      const a = d as { risk: string; approved: boolean };
      return `risk ${a.risk}, ${a.approved ? 'approved' : 'not approved'}`;
    }
    case 'rollback': {
      const v = d as RollbackVerification;
      const good =
        'heldSince' in v.knownGood
          ? `held ${event.alias} since ${new Date(v.knownGood.heldSince).toISOString()}`
          : `passes ${v.knownGood.gates.join(', ') || 'no gates'}`;
      return clip(`verified ${v.blobs} blob(s)${v.signature ? `, ${v.signature}` : ''}; ${good}`);
    }
    default:
      return '-';
  }
}
