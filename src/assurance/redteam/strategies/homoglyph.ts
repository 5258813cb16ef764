// Obfuscation: Latin letters replaced by Cyrillic look-alikes, identical on screen, different bytes.
import { obfuscates, render } from '../lib/frame.ts';
import type { Strategy } from '../types.ts';

const MAP: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', i: 'і' };

const homoglyph: Strategy = {
  name: 'homoglyph',
  version: '1',
  description: 'Lower-case a, e, o, p, c, x, i replaced by Cyrillic homoglyphs.',
  atlas: ['AML.T0068'],
  apply: (tc) =>
    obfuscates(tc)
      ? render(
          tc,
          tc.payload.replace(/[aeopcxi]/g, (c) => MAP[c] ?? c),
        )
      : undefined,
};
export default homoglyph;
