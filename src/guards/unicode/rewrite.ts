// Length-preserving rewrites that can hide a payload in plain sight: rot13 and leetspeak. Each
// returns the rewritten text only when it plausibly hides something, so ordinary text costs one scan.

const WORDS = [
  'the',
  'and',
  'you',
  'your',
  'to',
  'of',
  'is',
  'are',
  'all',
  'ignore',
  'instructions',
  'previous',
  'system',
  'prompt',
  'password',
  'secret',
  'key',
  'reveal',
  'tell',
  'me',
  'now',
  'this',
  'that',
  'with',
  'for',
  'please',
];
const rot13Word = (w: string) =>
  w.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 84) % 26) + 97));
const COMMON = new RegExp(`\\b(?:${WORDS.join('|')})\\b`, 'gi');
/** The same words as they look after rot13, counted in the original so rot13 is built only when it pays. */
const COMMON_ROT = new RegExp(`\\b(?:${WORDS.map(rot13Word).join('|')})\\b`, 'gi');

/** Matches of `re` in `text`, counting no further than `limit`. */
function count(re: RegExp, text: string, limit: number): number {
  re.lastIndex = 0;
  let n = 0;
  while (n < limit && re.exec(text)) n++;
  return n;
}

function rot13(text: string): string {
  const { buffer, units } = unitsOf(text);
  for (let i = 0; i < units.length; i++) {
    const c = units[i]!;
    if (c >= 65 && c <= 90) units[i] = ((c - 52) % 26) + 65;
    else if (c >= 97 && c <= 122) units[i] = ((c - 84) % 26) + 97;
  }
  return buffer.toString('utf16le');
}

/**
 * The text's UTF-16 units in a buffer, to rewrite in place and read back with `toString('utf16le')`:
 * both copies are native, and every unit comes back as it was (a leading U+FEFF, lone surrogates).
 */
function unitsOf(text: string): { buffer: Buffer; units: Uint16Array } {
  const buffer = Buffer.from(text, 'utf16le');
  return { buffer, units: new Uint16Array(buffer.buffer, buffer.byteOffset, text.length) };
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
};

const LEET_CODES = new Int32Array(128).fill(-1);
for (const [k, v] of Object.entries(LEET)) LEET_CODES[k.charCodeAt(0)] = v.charCodeAt(0);

// ASCII classes for unleet: 1 letter, 2 leet digit, 3 leet symbol, 4 other digit, 0 anything else.
const LETTER = 1;
const LEET_DIGIT = 2;
const LEET_SYMBOL = 3;
const DIGIT = 4;
const LEET_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++)
  LEET_CLASS[c] =
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
      ? LETTER
      : LEET_CODES[c]! >= 0
        ? c >= 48 && c <= 57
          ? LEET_DIGIT
          : LEET_SYMBOL
        : c >= 48 && c <= 57
          ? DIGIT
          : 0;
const leetClass = (c: number) => (c < 128 ? LEET_CLASS[c]! : 0);

/** A Latin letter next to a leet digit or symbol: every word unleet rewrites holds such a pair. */
const LEET_PAIR = /[A-Za-z][01345789@$!|]|[01345789@$!|][A-Za-z]/g;

/**
 * Words of letters and leet symbols (and no other digit) rewritten as letters; same length. Such a
 * word has a letter next to a leet character, so only the words around those pairs (found by one
 * regex scan) are read; ordinary prose is not walked character by character. A word is a run of
 * letters, digits and leet symbols, but `!`, `|`, `$`, `@` stand for letters only inside a word, not
 * as trailing punctuation ("Hi!"): one that a space or a digit follows ends the word before it.
 */
export function unleet(text: string): string | undefined {
  const n = text.length;
  let copy: { buffer: Buffer; units: Uint16Array } | undefined;
  LEET_PAIR.lastIndex = 0;
  while (LEET_PAIR.test(text)) {
    const p = LEET_PAIR.lastIndex - 2;
    // The word around the pair's letter (a letter is always in a word), read once: its leet
    // characters counted, and whether it holds another digit (then it is a number, not leetspeak).
    const anchor = leetClass(text.charCodeAt(p)) === LETTER ? p : p + 1;
    let leet = 0;
    let other = false;
    let start = anchor;
    for (; start > 0; start--) {
      const c = leetClass(text.charCodeAt(start - 1));
      if (c === 0 || (c === LEET_SYMBOL && leetClass(text.charCodeAt(start)) === DIGIT)) break;
      if (c === LEET_DIGIT || c === LEET_SYMBOL) leet++;
      else if (c === DIGIT) other = true;
    }
    let end = anchor + 1;
    for (; end < n; end++) {
      const c = leetClass(text.charCodeAt(end));
      if (c === LEET_SYMBOL) {
        const next = leetClass(text.charCodeAt(end + 1));
        if (next === 0 || next === DIGIT) break;
      } else if (c === 0) break;
      if (c === LEET_DIGIT || c === LEET_SYMBOL) leet++;
      else if (c === DIGIT) other = true;
    }
    LEET_PAIR.lastIndex = end;
    if (leet === 0 || other) continue;
    copy ??= unitsOf(text);
    const units = copy.units;
    for (let k = start; k < end; k++) {
      const c = units[k]!;
      if (c < 128 && LEET_CODES[c]! >= 0) units[k] = LEET_CODES[c]!;
    }
  }
  return copy?.buffer.toString('utf16le');
}

/** The rot13 of `text` when it reads as English and the text itself mostly does not; else undefined. */
export function rot13Payload(text: string): string | undefined {
  const gain = count(COMMON_ROT, text, 1000);
  // English has almost no rot13'd common words, so a few among up to four times as many plain ones
  // (a rot13 payload inside an ordinary request) are enough.
  if (gain >= 3 && count(COMMON, text, 4 * gain) < 4 * gain) return rot13(text);
  return undefined;
}
