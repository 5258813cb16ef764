// JUnit XML for CI: one test suite per probe, one test case per strategy. A case fails when any attack
// in it succeeded, errors when attempts could not be made, and is skipped when nothing could be scored.

import type { Cell, RunResult } from '../result.ts';

const esc = (s: string): string =>
  s
    .replace(
      /[<>&"']/g,
      (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
    )
    // XML 1.0 cannot carry most control characters at all, escaped or not.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);

function summary(c: Cell): string {
  const ci = c.ci ? ` (95% CI ${pct(c.ci[0])}–${pct(c.ci[1])})` : '';
  const fr = c.falseRefusals
    ? `; false refusals: ${c.falseRefusals.model} by the model, ${c.falseRefusals.guard} by a guard (rate ${pct(c.falseRefusals.rate)})`
    : '';
  return `${c.successes} of ${c.attempts} succeeded, ASR ${pct(c.asr)}${ci}; resisted ${c.resisted}, blocked ${c.blocked}, errors ${c.errors}, unscored ${c.unscored}${fr}`;
}

/** Benign look-alikes fail on any false refusal, the model's or a guard's. */
const falselyRefused = (c: Cell): boolean =>
  c.falseRefusals !== undefined && c.falseRefusals.model + c.falseRefusals.guard > 0;

function testcase(r: RunResult, c: Cell): string {
  const failed = r.attempts.filter(
    (a) => a.probe === c.probe && a.strategy === c.strategy && a.outcome === 'success',
  );
  let body = '';
  if (falselyRefused(c))
    body = `<failure type="false-refusal" message="${esc(summary(c))}">${esc(
      r.attempts
        .filter((a) => a.probe === c.probe && a.strategy === c.strategy)
        .filter((a) => a.outcome === 'success' || a.outcome === 'blocked')
        .slice(0, 5)
        .map(
          (a) =>
            `${a.case}: ${a.outcome === 'blocked' ? `blocked by a guard (${a.code ?? '?'})` : 'refused by the model'}`,
        )
        .join('\n'),
    )}</failure>`;
  else if (c.successes > 0)
    body = `<failure type="attack-succeeded" message="${esc(summary(c))}">${esc(
      failed
        .slice(0, 5)
        .map((a) => `${a.case}: ${a.reason}${a.excerpt ? `\n  answer: ${a.excerpt}` : ''}`)
        .join('\n'),
    )}</failure>`;
  else if (c.errors > 0) body = `<error type="target-error" message="${esc(summary(c))}"/>`;
  else if (c.successes + c.resisted + c.blocked === 0) body = `<skipped message="${esc(summary(c))}"/>`;
  return `    <testcase name="${esc(c.strategy)}" classname="redteam.${esc(c.probe)}" time="0">${body}<system-out>${esc(summary(c))}</system-out></testcase>\n`;
}

/** Renders the result as JUnit XML (the Jenkins/Ant schema that CI systems read). */
export function toJunit(r: RunResult): string {
  const probes = [...new Set(r.cells.map((c) => c.probe))];
  const cells = (p: string): Cell[] => r.cells.filter((c) => c.probe === p);
  const count = (cs: Cell[], f: (c: Cell) => boolean): number => cs.filter(f).length;
  const fails = (c: Cell): boolean => c.successes > 0 || falselyRefused(c);
  const errs = (c: Cell): boolean => c.successes === 0 && c.errors > 0;
  const skips = (c: Cell): boolean => !fails(c) && !errs(c) && c.successes + c.resisted + c.blocked === 0;
  const time = (r.durationMs / 1000).toFixed(3);
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<testsuites name="parapet redteam" tests="${r.cells.length}" failures="${count(r.cells, fails)}" errors="${count(r.cells, errs)}" time="${time}">\n`;
  for (const p of probes) {
    const cs = cells(p);
    out += `  <testsuite name="redteam.${esc(p)}" tests="${cs.length}" failures="${count(cs, fails)}" errors="${count(cs, errs)}" skipped="${count(cs, skips)}" time="0" timestamp="${esc(r.startedAt.slice(0, 19))}">\n`;
    out += `    <properties>\n`;
    const props: [string, string][] = [
      ['probe.version', r.plugins.probes[p] ?? ''],
      ['owasp', cs[0]!.owasp.join(' ')],
      ['atlas', [...new Set(cs.flatMap((c) => c.atlas))].join(' ')],
      ['seed', String(r.seed)],
      ['target', r.target.url],
    ];
    for (const [k, v] of props) out += `      <property name="${esc(k)}" value="${esc(v)}"/>\n`;
    out += `    </properties>\n`;
    for (const c of cs) out += testcase(r, c);
    out += `  </testsuite>\n`;
  }
  return `${out}</testsuites>\n`;
}
