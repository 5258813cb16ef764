// Obfuscation: letters swapped for look-alike digits, which keyword filters miss and models still read.
import { obfuscates, render } from '../lib/frame.ts';
import type { Strategy } from '../types.ts';

const MAP: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };

const leetspeak: Strategy = {
  name: 'leetspeak',
  version: '1',
  description: 'Lower-case a, e, i, o, s, t written as 4, 3, 1, 0, 5, 7.',
  atlas: ['AML.T0068'],
  apply: (tc) =>
    obfuscates(tc)
      ? render(
          tc,
          tc.payload.replace(/[aeiost]/g, (c) => MAP[c] ?? c),
        )
      : undefined,
};
export default leetspeak;
