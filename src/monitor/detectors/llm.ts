// LLM endpoints: what the guards found, judged across requests. A canary in an answer means the system
// prompt leaked; repeated injection or extraction attempts from one identity are systematic probing
// (many paraphrases of one attack); the same findings from many identities on one model are a campaign.

import { z } from 'zod';
import { BoundedMap } from '../lib/bounded.ts';
import { type AlertDraft, type Detector, identityKey } from '../types.ts';

export const llmOptions = z
  .object({
    windowMinutes: z.number().positive().default(10),
    /** Guard hits (findings or guard denials) from one identity within the window that make probing. */
    probeCount: z.number().int().min(1).default(5),
    /** Identities with injection findings on one model within the window that make a campaign. */
    campaignIdentities: z.number().int().min(2).default(5),
    /** Finding types / reason codes that count as probing. */
    probeTypes: z
      .array(z.string().max(64))
      .max(64)
      .default([
        'injection',
        'jailbreak',
        'system_prompt',
        'guard.injection',
        'guard.unicode',
        'guard.exfiltration',
      ]),
    maxIdentities: z.number().int().min(1).default(200_000),
  })
  .strict();

export type LlmOptions = z.input<typeof llmOptions>;

/** The LLM-endpoint detector. */
export function createLlmDetector(input: LlmOptions = {}): Detector {
  const o = llmOptions.parse(input);
  const span = o.windowMinutes * 60_000;
  const probes = new BoundedMap<string, { times: number[]; ids: string[] }>(o.maxIdentities);
  const campaigns = new BoundedMap<string, Map<string, number>>(10_000);
  const probeSet = new Set(o.probeTypes);

  return {
    name: 'llm',
    stateSize: () => probes.size + campaigns.size,
    observe(e, at, emit: (a: AlertDraft) => void) {
      const findings = e.findings ?? [];
      const who = identityKey(e);
      const model = e.request.model ?? e.request.route;
      const base = { identities: [who], models: [model], sources: [e.source.ip], at };
      const canary = findings.some((f) => f.type === 'canary') || e.reasons.includes('guard.canary');
      if (canary)
        emit({
          ...base,
          detector: 'llm.canary',
          severity: 'critical',
          key: `llm.canary:${who}:${model}`,
          summary: `the system-prompt canary of ${model} appeared in an answer to ${who}: the system prompt leaked or was extracted`,
          evidence: {
            canaryFindings: findings.filter((f) => f.type === 'canary').length,
            decision: e.decision,
          },
          requestIds: [e.requestId],
        });
      const hits =
        findings.filter((f) => probeSet.has(f.type) && f.stage === 'input').length +
        e.reasons.filter((r) => probeSet.has(r)).length;
      if (hits === 0) return;
      const p = probes.upsert(who, () => ({ times: [], ids: [] }));
      p.times.push(at);
      p.ids.push(e.requestId);
      while (p.times.length && p.times[0]! < at - span) {
        p.times.shift();
        p.ids.shift();
      }
      if (p.times.length > 100) {
        p.times.shift();
        p.ids.shift();
      }
      if (p.times.length >= o.probeCount)
        emit({
          ...base,
          detector: 'llm.probing',
          severity: 'high',
          key: `llm.probing:${who}:${model}`,
          summary: `${who} made ${p.times.length} injection or extraction attempts on ${model} within ${o.windowMinutes} min (systematic probing)`,
          evidence: { attempts: p.times.length, threshold: o.probeCount, windowMinutes: o.windowMinutes },
          requestIds: p.ids.slice(-20),
        });
      const c = campaigns.upsert(model, () => new Map());
      c.delete(who);
      c.set(who, at);
      for (const [id, t] of c) {
        if (t >= at - span) break;
        c.delete(id);
      }
      if (c.size > 10_000) c.delete(c.keys().next().value!);
      if (c.size >= o.campaignIdentities)
        emit({
          ...base,
          identities: [...c.keys()].slice(-50),
          detector: 'llm.campaign',
          severity: 'high',
          key: `llm.campaign:${model}`,
          summary: `${c.size} identities sent prompt-injection attempts to ${model} within ${o.windowMinutes} min (campaign)`,
          evidence: { identities: c.size, threshold: o.campaignIdentities, windowMinutes: o.windowMinutes },
          requestIds: [e.requestId],
        });
    },
  };
}
