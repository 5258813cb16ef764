// The payload as written: the baseline every other strategy is compared with.
import { render } from '../lib/frame.ts';
import type { Strategy } from '../types.ts';

const plain: Strategy = {
  name: 'plain',
  version: '1',
  description: 'The payload as written.',
  apply: (tc) => render(tc, tc.payload),
};
export default plain;
