// Normalised text as the detector reads it, and which of its characters make up words, for the
// features and the rules alike: Latin letters and digits, and letters of other scripts — not the
// punctuation, symbols and emoji above U+00C0 (a curly quote or an emoji glued to `ignore` must not
// hide the word).

/**
 * Normalised text as UTF-16 code units. Scoring reads the normaliser's buffer directly: decoding a
 * megabyte into a string and reading it back with charCodeAt costs more than the features do.
 */
export type Chars = Uint16Array;

/** The code units of a string, for callers that hold normalised text as a string (training, tests). */
export function charsOf(text: string): Chars {
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** 1 for a word character of the Basic Multilingual Plane, 0 otherwise. */
export const WORD_CHAR = new Uint8Array(65_536);
for (let c = 0; c < 65_536; c++) {
  const word =
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0xc0 &&
      c !== 0xd7 &&
      c !== 0xf7 &&
      !(c >= 0x2000 && c <= 0x2bff) && // general punctuation, symbols, arrows, math, box drawing
      !(c >= 0x3000 && c <= 0x303f) && // CJK punctuation
      !(c >= 0xd800 && c <= 0xdfff) && // surrogates: emoji and other astral symbols
      !(c >= 0xe000 && c <= 0xf8ff) && // private use
      !(c >= 0xfe00 && c <= 0xfe0f) && // variation selectors
      !(c >= 0xfff0 && c <= 0xffff));
  WORD_CHAR[c] = word ? 1 : 0;
}
