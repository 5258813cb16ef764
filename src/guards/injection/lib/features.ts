// Hashed features of normalised text: character 3–5-grams and word 1–2-grams, each hashed (FNV-1a
// then a murmur finaliser) into 2^bits signed buckets. Shared by training and scoring, so both see
// exactly the same feature space. No strings are built per n-gram.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x9e3779b9;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function isWord(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);
}

/** Feature hashes of one text: `sink(hash)` once per occurrence; returns the number emitted. */
export function eachFeature(text: string, sink: (hash: number) => void): number {
  const n = text.length;
  let count = 0;
  // Character 3-, 4- and 5-grams (spaces and punctuation included: `ore all` carries word joins).
  for (let i = 0; i + 3 <= n; i++) {
    let h = FNV_OFFSET;
    const top = Math.min(5, n - i);
    for (let k = 0; k < top; k++) {
      h = Math.imul(h ^ text.charCodeAt(i + k), FNV_PRIME);
      if (k >= 2) {
        sink(fmix(h ^ k));
        count++;
      }
    }
  }
  // Word unigrams and bigrams.
  let prev = 0;
  let havePrev = false;
  let i = 0;
  while (i < n) {
    if (!isWord(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let h = WORD_SEED;
    while (i < n && isWord(text.charCodeAt(i))) {
      h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
      i++;
    }
    sink(fmix(h));
    count++;
    if (havePrev) {
      sink(fmix(Math.imul(prev ^ ((h << 7) | (h >>> 25)), FNV_PRIME) ^ 0x5bd1e995));
      count++;
    }
    prev = h;
    havePrev = true;
  }
  return count;
}

/** Collects the feature hashes of a text into an array (training). */
export function featureHashes(text: string): Uint32Array {
  const out: number[] = [];
  eachFeature(text, (h) => out.push(h));
  return Uint32Array.from(out);
}
