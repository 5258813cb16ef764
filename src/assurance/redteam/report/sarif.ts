// SARIF 2.1.0: one rule per probe (tagged with its OWASP and ATLAS ids), one result per probe ×
// strategy in which an attack succeeded, located at the endpoint that was attacked.

import type { RunResult } from '../result.ts';
import type { Probe } from '../types.ts';

/** Renders the result as a SARIF 2.1.0 log; `probes` supplies the rule descriptions. */
export function toSarif(r: RunResult, probes: ReadonlyMap<string, Probe>): Record<string, unknown> {
  const names = Object.keys(r.plugins.probes).sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const rules = names.map((n) => {
    const p = probes.get(n);
    return {
      id: n,
      name: n,
      shortDescription: { text: p?.description ?? n },
      helpUri: 'https://github.com/parapet/parapet/blob/main/docs/redteam.md',
      properties: {
        tags: ['security', 'llm', ...(p?.frameworks.owasp ?? []), ...(p?.frameworks.atlas ?? [])],
        'security-severity': n === 'over-refusal' ? '3.0' : '8.0',
        version: r.plugins.probes[n],
      },
    };
  });
  const results = r.cells
    .filter((c) => c.successes > 0 || (c.falseRefusals?.guard ?? 0) > 0)
    .map((c) => ({
      ruleId: c.probe,
      ruleIndex: index.get(c.probe) ?? 0,
      level: c.probe === 'over-refusal' ? 'warning' : 'error',
      message: {
        text: c.falseRefusals
          ? `${c.probe} via ${c.strategy}: ${c.falseRefusals.model} benign questions refused by the model and ${c.falseRefusals.guard} blocked by a guard, of ${c.attempts} (false-refusal rate ${c.falseRefusals.rate ?? 'n/a'}); errors ${c.errors}, unscored ${c.unscored}.`
          : `${c.probe} via ${c.strategy}: ${c.successes} of ${c.attempts} attempts succeeded (ASR ${c.asr ?? 'n/a'}, 95% CI ${c.ci ? c.ci.join('–') : 'n/a'}); blocked ${c.blocked}, errors ${c.errors}, unscored ${c.unscored}.`,
      },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: r.target.url } },
          logicalLocations: [{ name: r.target.model ?? r.target.url, kind: 'module' }],
        },
      ],
      partialFingerprints: {
        'parapet/redteam/v1': `${r.target.url}|${r.target.model ?? ''}|${c.probe}|${c.strategy}`,
      },
      properties: {
        strategy: c.strategy,
        owasp: c.owasp,
        atlas: c.atlas,
        attempts: c.attempts,
        successes: c.successes,
        asr: c.asr,
        ...(c.falseRefusals ? { falseRefusals: c.falseRefusals } : {}),
      },
    }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'parapet-redteam',
            informationUri: 'https://github.com/parapet/parapet/blob/main/docs/redteam.md',
            version: '1',
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: r.startedAt,
            properties: { seed: r.seed, repeats: r.repeats, requests: r.requests },
          },
        ],
        results,
        properties: { runId: r.id, gate: r.gate ?? null },
      },
    ],
  };
}
