// Durations and times as operators type them: `90s`, `30m`, `24h`, `7d`, or an ISO-8601 time.

import { CliError } from '../../fail.ts';

const UNIT: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `24h` → milliseconds. Throws a CliError naming the option on anything else. */
export function parseDuration(text: string, option: string): number {
  const m = /^(\d{1,9})([smhdw])$/.exec(text.trim());
  if (!m)
    throw new CliError(
      `${option} must be a number with s, m, h, d or w (e.g. 24h), not "${text.slice(0, 40)}"`,
      2,
    );
  const ms = Number(m[1]) * (UNIT[m[2] as string] as number);
  if (ms <= 0) throw new CliError(`${option} must be positive`, 2);
  return ms;
}

/** An ISO-8601 time, or a duration meaning that long before `now`. */
export function parseTime(text: string, option: string, now = Date.now()): Date {
  if (/^\d{1,9}[smhdw]$/.test(text.trim())) return new Date(now - parseDuration(text, option));
  const t = Date.parse(text);
  if (Number.isNaN(t))
    throw new CliError(`${option} must be an ISO time or a duration like 1h, not "${text.slice(0, 40)}"`, 2);
  return new Date(t);
}
