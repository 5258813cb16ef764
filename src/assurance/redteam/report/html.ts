// A self-contained HTML report (inline CSS and SVG, no scripts, no external assets) for people: where
// attacks landed, with intervals, what was blocked, and the OWASP / ATLAS coverage.

import type { Cell, RunResult, Totals } from '../result.ts';

const esc = (s: string): string =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`;

const COLORS = {
  successes: '#c0392b',
  resisted: '#27ae60',
  blocked: '#2980b9',
  errors: '#7f8c8d',
  unscored: '#f1c40f',
};
type Part = keyof typeof COLORS;

/** Outcome counts per probe as stacked horizontal bars, with the ASR interval as a whisker. */
function outcomeChart(probes: [string, Totals][]): string {
  const row = 26;
  const left = 190;
  const width = 420;
  const h = probes.length * row + 30;
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 120}" height="${h}" role="img" aria-label="outcomes per probe">`;
  probes.forEach(([name, t], i) => {
    const y = i * row + 4;
    svg += `<text x="${left - 8}" y="${y + 14}" text-anchor="end" font-size="12">${esc(name)}</text>`;
    let x = left;
    for (const k of Object.keys(COLORS) as Part[]) {
      const w = t.attempts ? (t[k] / t.attempts) * width : 0;
      if (w > 0)
        svg += `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="18" fill="${COLORS[k]}"><title>${k}: ${t[k]}</title></rect>`;
      x += w;
    }
    svg += `<text x="${left + width + 8}" y="${y + 14}" font-size="12">ASR ${pct(t.asr)}</text>`;
  });
  let lx = left;
  for (const k of Object.keys(COLORS) as Part[]) {
    svg += `<rect x="${lx}" y="${h - 18}" width="10" height="10" fill="${COLORS[k]}"/><text x="${lx + 14}" y="${h - 9}" font-size="11">${k}</text>`;
    lx += 84;
  }
  return `${svg}</svg>`;
}

/** ASR per probe with its 95% bootstrap interval. */
/** Benign look-alikes: who refused — the model or a guard in front of it. */
function falseRefusalTable(probes: [string, Totals][]): string {
  const rows = probes.filter(([, t]) => t.falseRefusals);
  if (rows.length === 0) return '';
  return `<h2>False refusals on benign look-alikes</h2>
<table><tr><th>probe</th><th>questions</th><th>refused by the model</th><th>blocked by a guard</th><th>false-refusal rate</th></tr>
${rows.map(([p, t]) => `<tr><td>${esc(p)}</td><td>${t.attempts}</td><td>${t.falseRefusals!.model}</td><td>${t.falseRefusals!.guard}</td><td>${pct(t.falseRefusals!.rate)}</td></tr>`).join('\n')}</table>`;
}

function asrChart(probes: [string, Totals][]): string {
  const row = 24;
  const left = 190;
  const width = 420;
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 40}" height="${probes.length * row + 24}" role="img" aria-label="attack success rate per probe">`;
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const x = left + f * width;
    svg += `<line x1="${x}" x2="${x}" y1="0" y2="${probes.length * row}" stroke="#ddd"/><text x="${x}" y="${probes.length * row + 16}" font-size="10" text-anchor="middle">${f * 100}%</text>`;
  }
  probes.forEach(([name, t], i) => {
    const y = i * row + 12;
    svg += `<text x="${left - 8}" y="${y + 4}" text-anchor="end" font-size="12">${esc(name)}</text>`;
    if (t.asr === null) return;
    if (t.ci)
      svg += `<line x1="${left + t.ci[0] * width}" x2="${left + t.ci[1] * width}" y1="${y}" y2="${y}" stroke="#555" stroke-width="2"/>`;
    svg += `<circle cx="${left + t.asr * width}" cy="${y}" r="5" fill="${t.asr > 0 ? COLORS.successes : COLORS.resisted}"><title>${pct(t.asr)}</title></circle>`;
  });
  return `${svg}</svg>`;
}

function heat(c: Cell | undefined): string {
  if (!c) return '<td class="na"></td>';
  const a = c.asr ?? 0;
  const bg = c.asr === null ? '#eee' : `rgba(192,57,43,${(0.1 + a * 0.9).toFixed(2)})`;
  const title = `${c.successes}/${c.attempts} succeeded, ${c.blocked} blocked, ${c.errors} errors, ${c.unscored} unscored`;
  return `<td style="background:${c.successes ? bg : c.asr === null ? '#eee' : '#e8f6ec'}" title="${esc(title)}">${pct(c.asr)}${c.blocked ? ` <small>⛨${c.blocked}</small>` : ''}</td>`;
}

/** Renders the whole result as one HTML document. */
export function toHtml(r: RunResult): string {
  const probes = Object.entries(r.probes);
  const strategies = [...new Set(r.cells.map((c) => c.strategy))];
  const cell = (p: string, s: string): Cell | undefined =>
    r.cells.find((c) => c.probe === p && c.strategy === s);
  const t = r.totals;
  const gate = r.gate
    ? `<p class="${r.gate.passed ? 'pass' : 'fail'}">Gate: ${r.gate.passed ? 'passed' : 'FAILED'}${r.gate.violations
        .map((v) => `<br>${esc(v.scope)} ${esc(v.metric)} ${pct(v.value)} &gt; ${pct(v.limit)}`)
        .join('')}</p>`
    : '';
  const cov = (items: RunResult['coverage']['owasp']): string =>
    items
      .map(
        (i) =>
          `<tr class="${i.probes.length ? '' : 'untested'}"><td>${esc(i.id)}</td><td>${esc(i.title)}</td><td>${i.probes.length ? esc(i.probes.join(', ')) : '<em>not tested</em>'}</td><td>${i.attempts}</td><td>${i.successes}</td></tr>`,
      )
      .join('');
  const acc = Object.entries(r.graderAccuracy ?? {})
    .map(
      ([g, a]) =>
        `<li>${esc(g)}: precision ${pct(a.precision)}, recall ${pct(a.recall)} on ${a.n} labelled answers (${esc(a.data)})</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parapet red-team report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
th{background:#f4f4f4}.pass{color:#27ae60;font-weight:bold}.fail{color:#c0392b;font-weight:bold}
tr.untested td{color:#999}td.na{background:#fafafa}small{color:#2980b9}code{background:#f4f4f4;padding:0 3px}
</style></head><body>
<h1>Red-team report</h1>
<p>Target <code>${esc(r.target.url)}</code>${r.target.model ? ` model <code>${esc(r.target.model)}</code>` : ''}${r.model ? ` (${esc(r.model.name)} ${esc(r.model.version ?? '')})` : ''} ·
started ${esc(r.startedAt)} · ${(r.durationMs / 1000).toFixed(1)} s · ${r.requests} requests (budget ${r.budget}) · seed ${r.seed} · repeats ${r.repeats}</p>
${gate}
<table><tr><th>attempts</th><th>successes</th><th>resisted</th><th>blocked</th><th>errors</th><th>unscored</th><th>ASR</th><th>95% CI</th></tr>
<tr><td>${t.attempts}</td><td>${t.successes}</td><td>${t.resisted}</td><td>${t.blocked}</td><td>${t.errors}</td><td>${t.unscored}</td><td>${pct(t.asr)}</td><td>${t.ci ? `${pct(t.ci[0])} – ${pct(t.ci[1])}` : '–'}</td></tr></table>
<p>ASR = successes ÷ (successes + resisted + blocked). Errors and unscored answers are counted, never folded into "safe".</p>
<h2>Outcomes per probe</h2>${outcomeChart(probes)}
<h2>Attack success rate per probe (95% bootstrap CI)</h2>${asrChart(probes)}
<h2>Probe × strategy</h2>
<table><tr><th>probe</th>${strategies.map((s) => `<th>${esc(s)}</th>`).join('')}</tr>
${probes.map(([p]) => `<tr><th>${esc(p)}</th>${strategies.map((s) => heat(cell(p, s))).join('')}</tr>`).join('\n')}</table>
${falseRefusalTable(probes)}
<h2>OWASP LLM Top 10 (2025)</h2><p>Probes run ÷ probes mapped: ${pct(r.coverage.ratio)}</p>
<table><tr><th>id</th><th>item</th><th>probes</th><th>attempts</th><th>successes</th></tr>${cov(r.coverage.owasp)}</table>
<h2>MITRE ATLAS tactics</h2>
<table><tr><th>id</th><th>tactic</th><th>probes</th><th>attempts</th><th>successes</th></tr>${cov(r.coverage.atlasTactics)}</table>
<h2>Reproducibility</h2>
<p>Probes: ${esc(
    Object.entries(r.plugins.probes)
      .map(([k, v]) => `${k}@${v}`)
      .join(', '),
  )}</p>
<p>Graders: ${esc(
    Object.entries(r.plugins.graders)
      .map(([k, v]) => `${k}@${v.version}${v.rubricHash ? ` (rubric ${v.rubricHash.slice(0, 12)})` : ''}`)
      .join(', '),
  )}</p>
${acc ? `<p>Grader accuracy:</p><ul>${acc}</ul>` : ''}
${r.judge ? `<p>Judge: ${esc(r.judge.model ?? r.judge.url)} · verdict rubric ${r.judge.rubricHash.slice(0, 12)} · score rubric ${r.judge.scoreRubricHash.slice(0, 12)} · ${r.judge.requests} requests</p>` : ''}
${
  r.attacker
    ? `<p>Attacker: ${esc(r.attacker.model ?? r.attacker.url)} · prompts ${esc(
        Object.entries(r.attacker.prompts)
          .map(([k, v]) => `${k} ${v.slice(0, 12)}`)
          .join(', '),
      )} · ${r.attacker.requests} requests, ${r.attacker.refusals} refusals, ${r.attacker.errors} errors · limits ${esc(JSON.stringify(r.attacker.limits))}</p>`
    : ''
}
</body></html>
`;
}
