// Hidden and look-alike characters: tag characters (U+E0000 block), bidirectional controls,
// invisible fillers, zero-width joiners inside Latin words, and words mixing Latin with Cyrillic or
// Greek letters. One pass over the code points.

export interface CharHit {
  readonly start: number;
  readonly end: number;
  readonly type: 'tag_characters' | 'bidi_control' | 'invisible' | 'zero_width_joiner' | 'mixed_script';
  readonly replacement: string;
}

type Kind = CharHit['type'] | undefined;

function kindOf(cp: number, text: string, i: number, width: number): Kind {
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag_characters';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi_control';
  if (
    cp === 0x200b ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp === 0xfeff && i > 0) ||
    cp === 0x00ad ||
    cp === 0x180e ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x3164 ||
    cp === 0xffa0 ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  )
    return 'invisible';
  // One variation selector after an emoji is ordinary; a run of them can carry hidden bytes.
  if (cp >= 0xfe00 && cp <= 0xfe0f) {
    const prev = text.charCodeAt(i - 1);
    const next = text.charCodeAt(i + width);
    if ((prev >= 0xfe00 && prev <= 0xfe0f) || (next >= 0xfe00 && next <= 0xfe0f)) return 'invisible';
  }
  if (cp === 0x200c || cp === 0x200d) {
    if (isAsciiAlnum(text.charCodeAt(i - 1)) && isAsciiAlnum(text.charCodeAt(i + 1)))
      return 'zero_width_joiner';
  }
  return undefined;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const enum_ = { none: 0, latin: 1, greek: 2, cyrillic: 4 } as const;

// What the scan needs to know of each UTF-16 unit, read from one table: a letter's script (enum_),
// nothing (0), or, from 8 up, a unit that is or may be hidden, or a surrogate to read as a code point.
const SURROGATE = 8;
const BIDI = 9;
const INVISIBLE = 10;
const BOM = 11; // invisible except at the very start
const SELECTOR = 12; // invisible in a run of selectors
const JOINER = 13; // zero-width (non-)joiner: hidden between two ASCII letters or digits
const UNITS = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) UNITS[c] = scriptOf(c);
for (const [from, to, unit] of [
  [0x00ad, 0x00ad, INVISIBLE],
  [0x115f, 0x1160, INVISIBLE],
  [0x180e, 0x180e, INVISIBLE],
  [0x200b, 0x200b, INVISIBLE],
  [0x200c, 0x200d, JOINER],
  [0x202a, 0x202e, BIDI],
  [0x2060, 0x2064, INVISIBLE],
  [0x2066, 0x2069, BIDI],
  [0x3164, 0x3164, INVISIBLE],
  [0xd800, 0xdfff, SURROGATE],
  [0xfe00, 0xfe0f, SELECTOR],
  [0xfeff, 0xfeff, BOM],
  [0xffa0, 0xffa0, INVISIBLE],
] as const)
  UNITS.fill(unit, from, to + 1);

/** kindOf for a unit of the Basic Multilingual Plane that UNITS marks 9 to 13. */
function unitKind(unit: number, text: string, i: number): Kind {
  switch (unit) {
    case BIDI:
      return 'bidi_control';
    case INVISIBLE:
      return 'invisible';
    case BOM:
      return i > 0 ? 'invisible' : undefined;
    case SELECTOR: {
      const prev = text.charCodeAt(i - 1);
      const next = text.charCodeAt(i + 1);
      return (prev >= 0xfe00 && prev <= 0xfe0f) || (next >= 0xfe00 && next <= 0xfe0f)
        ? 'invisible'
        : undefined;
    }
    default:
      return isAsciiAlnum(text.charCodeAt(i - 1)) && isAsciiAlnum(text.charCodeAt(i + 1))
        ? 'zero_width_joiner'
        : undefined;
  }
}

function scriptOf(c: number): number {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7))
    return enum_.latin;
  if (c >= 0x370 && c <= 0x3ff) return enum_.greek;
  if (c >= 0x400 && c <= 0x4ff) return enum_.cyrillic;
  return enum_.none;
}

/** Cyrillic and Greek letters that look like Latin ones, for the masked skeleton of a word. */
const CONFUSABLE: Record<string, string> = Object.fromEntries(
  [...'аеорсухіјѕԁһӏАВЕКМНОРСТХУαορνιΑΒΕΖΗΙΚΜΝΟΡΤΥΧ'].map((ch, i) => [
    ch,
    'aeopcyxijsdhlABEKMHOPCTXYaopviABEZHIKMNOPTYX'[i]!,
  ]),
);

const CONFUSABLE_UNITS = new Map(
  [...Object.entries(CONFUSABLE)].map(([k, v]) => [k.charCodeAt(0), v.charCodeAt(0)]),
);
// ignoreBOM: a leading U+FEFF is a character of the text, not a mark to drop (copies must keep their length).
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

/** The word with look-alike letters replaced by their Latin twins (all are single UTF-16 units). */
export function skeleton(word: string): string {
  const units = new Uint16Array(word.length);
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    units[i] = CONFUSABLE_UNITS.get(c) ?? c;
  }
  return utf16.decode(units);
}

/** Beyond this many hits in one text, the rest become one hit whose replacement is the cleaned tail. */
const MAX_HITS = 1000;

/** Shared empty start for the folded spans: most texts never fold. */
const EMPTY = new Int32Array(0);

/** Collects hits; past MAX_HITS, folds the rest into one hit so hostile input cannot flood the runner. */
class Hits {
  readonly list: CharHit[] = [];
  private readonly text: string;
  private tailStart = -1;
  private tailAt = 0;
  private tailType: CharHit['type'] = 'invisible';
  // Folded hits as [start, end] pairs (typed, so a million of them make no garbage) and the few
  // non-empty replacements (mixed-script skeletons) by their index.
  private spans: Int32Array = EMPTY;
  private count = 0;
  private replacements: Map<number, string> | undefined;
  constructor(text: string) {
    this.text = text;
  }
  add(start: number, end: number, type: CharHit['type'], replacement: string): void {
    if (this.tailStart === -1 && this.list.length < MAX_HITS - 1) {
      this.list.push({ start, end, type, replacement });
      return;
    }
    if (this.tailStart === -1) {
      this.tailStart = this.tailAt = start;
      this.tailType = type;
    }
    if (start < this.tailAt) return; // overlaps what is already folded
    if (2 * this.count + 2 > this.spans.length) {
      const grown = new Int32Array(Math.max(2048, this.spans.length * 2));
      grown.set(this.spans);
      this.spans = grown;
    }
    this.spans[2 * this.count] = start;
    this.spans[2 * this.count + 1] = end;
    if (replacement) (this.replacements ??= new Map()).set(this.count, replacement);
    this.count++;
    this.tailAt = end;
  }
  done(): CharHit[] {
    if (this.tailStart === -1) return this.list;
    // The tail's text with every folded span replaced, built in one buffer.
    const units = new Uint16Array(this.tailAt - this.tailStart + this.replacementChars());
    const { text, spans, replacements } = this;
    let n = 0;
    let at = this.tailStart;
    for (let h = 0; h < this.count; h++) {
      const start = spans[2 * h]!;
      for (let k = at; k < start; k++) units[n++] = text.charCodeAt(k);
      const r = replacements?.get(h);
      if (r) for (let k = 0; k < r.length; k++) units[n++] = r.charCodeAt(k);
      at = spans[2 * h + 1]!;
    }
    this.list.push({
      start: this.tailStart,
      end: this.tailAt,
      type: this.tailType,
      replacement: utf16.decode(units.subarray(0, n)),
    });
    return this.list;
  }
  private replacementChars(): number {
    let total = 0;
    for (const r of this.replacements?.values() ?? []) total += r.length;
    return total;
  }
}

/** Every hidden-character run and mixed-script word in `text`. */
export function scanChars(text: string): CharHit[] {
  const out = new Hits(text);
  let runStart = -1;
  let runEnd = -1;
  let runType: CharHit['type'] = 'invisible';
  let wordStart = -1;
  let scripts = 0;
  const n = text.length;
  // No closure over the loop's state: captured variables would live in a context object and slow
  // every access in this loop, which reads each character once.
  for (let i = 0; i < n;) {
    const c0 = text.charCodeAt(i);
    const unit = UNITS[c0]!;
    if (unit < SURROGATE) {
      // Never hidden (ASCII and most of the BMP): a letter continues a word of its script, anything
      // else ends the word.
      if (unit !== enum_.none) {
        if (wordStart === -1) wordStart = i;
        scripts |= unit;
      } else if (wordStart !== -1) {
        if (mixed(scripts)) out.add(wordStart, i, 'mixed_script', skeleton(text.slice(wordStart, i)));
        wordStart = -1;
        scripts = 0;
      }
      i++;
      continue;
    }
    // A unit that is or may be hidden, or a surrogate; none of them is a letter of a script.
    let width = 1;
    let kind: Kind;
    if (unit === SURROGATE) {
      const cp = text.codePointAt(i)!;
      width = cp > 0xffff ? 2 : 1;
      kind = kindOf(cp, text, i, width);
    } else kind = unitKind(unit, text, i);
    if (kind && runType === kind && runEnd === i) runEnd = i + width;
    else if (kind) {
      if (runStart !== -1) out.add(runStart, runEnd, runType, '');
      runStart = i;
      runEnd = i + width;
      runType = kind;
    }
    if (!kind && wordStart !== -1) {
      if (mixed(scripts)) out.add(wordStart, i, 'mixed_script', skeleton(text.slice(wordStart, i)));
      wordStart = -1;
      scripts = 0;
    }
    i += width;
  }
  if (runStart !== -1) out.add(runStart, runEnd, runType, '');
  if (wordStart !== -1 && mixed(scripts))
    out.add(wordStart, n, 'mixed_script', skeleton(text.slice(wordStart, n)));
  return out.done();
}

/** Latin mixed with Greek or Cyrillic in one word. */
const mixed = (scripts: number) =>
  (scripts & enum_.latin) !== 0 && (scripts & (enum_.greek | enum_.cyrillic)) !== 0;
