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

const utf16 = new TextDecoder('utf-16le');

function rot13(text: string): string {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    units[i] = c >= 65 && c <= 90 ? ((c - 52) % 26) + 65 : c >= 97 && c <= 122 ? ((c - 84) % 26) + 97 : c;
  }
  return utf16.decode(units);
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

/** Words of letters and leet symbols (and no other digit) rewritten as letters; same length. */
export function unleet(text: string): string | undefined {
  let units: Uint16Array | undefined;
  const n = text.length;
  for (let i = 0; i < n;) {
    const start = i;
    let letters = 0;
    let leet = 0;
    let other = false;
    for (; i < n; i++) {
      const k = leetClass(text.charCodeAt(i));
      if (k === LETTER) letters++;
      else if (k === LEET_DIGIT) leet++;
      else if (k === LEET_SYMBOL) {
        // `!`, `|`, `$`, `@` stand for letters only inside a word, not as trailing punctuation ("Hi!").
        const next = leetClass(text.charCodeAt(i + 1));
        if (next === 0 || next === DIGIT) break;
        leet++;
      } else if (k === DIGIT) other = true;
      else break;
    }
    if (i === start) {
      i++;
      continue;
    }
    if (letters > 0 && leet > 0 && !other) {
      if (!units) {
        units = new Uint16Array(n);
        for (let k = 0; k < n; k++) units[k] = text.charCodeAt(k);
      }
      for (let k = start; k < i; k++) {
        const c = text.charCodeAt(k);
        if (c < 128 && LEET_CODES[c]! >= 0) units[k] = LEET_CODES[c]!;
      }
    }
  }
  return units ? utf16.decode(units) : undefined;
}

/** The rot13 of `text` when it reads as English and the text itself mostly does not; else undefined. */
export function rot13Payload(text: string): string | undefined {
  const gain = count(COMMON_ROT, text, 1000);
  // English has almost no rot13'd common words, so a few among up to four times as many plain ones
  // (a rot13 payload inside an ordinary request) are enough.
  if (gain >= 3 && count(COMMON, text, 4 * gain) < 4 * gain) return rot13(text);
  return undefined;
}
