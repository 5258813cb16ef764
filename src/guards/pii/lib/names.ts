// Person names, opt-in: compromise (an English NLP library) tags people in the text. It is far slower
// than the scanners and misses many non-English names (figures in docs/detection.md), so it only runs
// when `person_name` is among the configured types.

import nlp from 'compromise';
import type { Hit } from './hit.ts';

interface Term {
  offset?: { start: number; length: number };
}

/** Names compromise tags as people, with their character offsets. */
export function findNames(text: string): Hit[] {
  const out: Hit[] = [];
  const people = nlp(text).people().json({ offset: true }) as Term[];
  for (const p of people) {
    if (!p.offset) continue;
    const { start, length } = p.offset;
    let end = start + length;
    // Offsets include trailing punctuation of the last term.
    while (end > start && /[\s.,;:!?'"’)]/.test(text[end - 1]!)) end--;
    if (end - start < 3) continue;
    out.push({ start, end, type: 'person_name', score: 0.7, key: text.slice(start, end).toLowerCase() });
  }
  return out;
}
