// Obfuscation: a zero-width space between every character, so the words never appear contiguously.
import { obfuscates, render } from '../lib/frame.ts';
import type { Strategy } from '../types.ts';

const invisible: Strategy = {
  name: 'invisible',
  version: '1',
  description: 'Zero-width spaces (U+200B) between the characters of the payload.',
  atlas: ['AML.T0068'],
  apply: (tc) => (obfuscates(tc) ? render(tc, [...tc.payload].join('\u200b')) : undefined),
};
export default invisible;
