// Family rules: short token sequences with bounded gaps, matched over the tokens of normalised text.
// Each start token indexes the patterns that begin with it, and each pattern step looks at most `gap`
// tokens ahead, so matching is linear in the input (no regular expressions, no backtracking blow-up).

import { type Chars, charsOf, WORD_CHAR } from './chars.ts';
import { int32, Scratch } from './scratch.ts';
import { lowerBound } from './search.ts';

/** The attack families the rules know. */
export type Family =
  'instruction_override' | 'role_hijack' | 'system_prompt_extraction' | 'dan_persona' | 'delimiter_injection';

/**
 * A pattern: token ids allowed per step; `gaps[i]` tokens may be skipped before step i+1. Matching
 * reads `allowed[step * VOCAB_ROOM + id]` (1 when the step takes that token), a typed-array probe.
 */
interface Pattern {
  readonly family: Family;
  /** The family's index in FAMILIES. */
  readonly fi: number;
  readonly steps: readonly ReadonlySet<number>[];
  readonly gaps: Int32Array;
  readonly allowed: Uint8Array;
  /** Ids that cancel a match when one of them stands within two tokens before the first step. */
  readonly unless: ReadonlySet<number>;
}

const OVERRIDE_VERB = 'ignore disregard forget skip override bypass neglect drop discard abandon';
const PRIOR =
  'previous prior above earlier preceding all any initial original former system your the these those existing';
const RULES_NOUN =
  'instructions instruction prompt prompts rules directions guidelines commands orders constraints restrictions programming directives guidance';
const FREE =
  'unrestricted unfiltered uncensored jailbroken evil freed liberated unlocked unbound unchained amoral unethical';
const SHOW =
  'reveal print show repeat output display tell leak give write share disclose provide spell dump list recite';
const HIDDEN = 'system initial original hidden secret previous your full exact confidential';
const PROMPT = 'prompt instructions message rules directives preprompt configuration';

const MODEL_WORDS = 'gpt chatgpt claude gemini llama assistant ai model agent copilot bot llm';

/** The virtual token every text starts with (a control character normalised text does not keep). */
const START = '\u0001';

/**
 * Words that, just before a pattern's first word, turn a request into a rule about it: "do not
 * reveal your system prompt" is what system prompts themselves say, and what people write when
 * they talk about them.
 */
const NEGATION = 'not never dont cannot cant shouldnt mustnt wont no';

/** Step options: `unlessAfter` words within two tokens before the first step cancel the match. */
interface StepOptions {
  readonly unlessAfter: string;
}

/** [family, step words / gap numbers alternating, and step options last]. */
const SPECS: readonly [Family, ...(string | number | StepOptions)[]][] = [
  ['instruction_override', OVERRIDE_VERB, 3, PRIOR, 3, RULES_NOUN],
  ['instruction_override', 'do', 1, 'not', 1, 'follow obey', 3, RULES_NOUN],
  // The override in the languages attacks most often use besides English, as the normaliser spells
  // them (lower case, Latin diacritics dropped, Cyrillic й as и): verb, a determiner or "previous",
  // then the rules; and "forget everything before".
  [
    'instruction_override',
    'ignoriere ignorier ignoriert ignorieren vergiss vergesst vergessen missachte missachten uberspringe',
    3,
    'alle alles vorherigen vorherige obigen bisherigen fruheren ursprunglichen deine die vorangegangenen',
    3,
    'anweisungen anweisung regeln instruktionen vorgaben befehle auftrage anordnungen richtlinien',
  ],
  [
    'instruction_override',
    'vergiss vergesst vergessen ignoriere',
    1,
    'alles',
    2,
    'davor zuvor vorher gesagte bisherige',
  ],
  [
    'instruction_override',
    'ignora ignore ignoren olvida olvidate olvide olviden omite',
    2,
    'todas todos las tus sus',
    2,
    'instrucciones reglas indicaciones ordenes directrices',
  ],
  ['instruction_override', 'olvida olvidate olvide ignora', 1, 'todo', 2, 'anterior antes dicho'],
  [
    'instruction_override',
    'ignore ignorez oublie oubliez',
    2,
    'toutes tous les tes vos',
    2,
    'instructions regles consignes directives ordres',
  ],
  ['instruction_override', 'oublie oubliez', 1, 'tout', 2, 'precede avant dit'],
  [
    'instruction_override',
    'ignora ignorate dimentica dimenticate',
    2,
    'tutte tutti le tue',
    2,
    'istruzioni regole indicazioni direttive',
  ],
  [
    'instruction_override',
    'ignore ignora esqueca esquecam',
    2,
    'todas todos as suas tuas',
    2,
    'instrucoes regras orientacoes diretrizes',
  ],
  [
    'instruction_override',
    'negeer vergeet',
    2,
    'alle al je de',
    2,
    'instructies regels opdrachten richtlijnen',
  ],
  [
    'instruction_override',
    'игнорируи игнорируите забудь забудьте',
    2,
    'все предыдущие прежние свои',
    2,
    'инструкции правила указания команды',
  ],
  ['instruction_override', 'dont', 1, 'follow obey', 3, RULES_NOUN],
  ['instruction_override', 'new updated real actual revised', 0, 'instructions task rules', 0, ': -'],
  ['instruction_override', 'instead', 2, 'do say print write output respond', 0, ':'],
  // Text in data that speaks to the model as its user or owner: a message "to you, GPT-4", or a detour
  // demanded before "the task I gave you" (agent hijacking through tool output).
  ['instruction_override', 'message note instruction', 2, 'from', 5, 'to', 0, 'you', 1, MODEL_WORDS],
  ['instruction_override', 'before', 4, 'task request', 2, 'i', 0, 'gave asked assigned'],
  ['role_hijack', 'you', 0, 'are', 0, 'now', 2, FREE],
  ['role_hijack', 'no', 0, 'longer', 3, 'bound restricted limited constrained obligated required'],
  [
    'role_hijack',
    'without no free bypass',
    2,
    'restrictions censorship filters filtering limitations ethics morals',
  ],
  ['role_hijack', 'pretend act roleplay behave', 4, FREE],
  ['system_prompt_extraction', SHOW, 4, HIDDEN, 2, PROMPT, { unlessAfter: NEGATION }],
  ['system_prompt_extraction', 'repeat print output copy', 3, 'words text everything all', 2, 'above before'],
  ['system_prompt_extraction', 'what', 1, 'is are were was', 2, 'your', 1, PROMPT],
  ['system_prompt_extraction', 'whats', 2, 'your', 1, PROMPT],
  ['dan_persona', 'do', 0, 'anything', 0, 'now'],
  ['dan_persona', 'dan', 8, 'anything mode jailbreak character openai chatgpt policy policies'],
  ['dan_persona', 'developer', 0, 'mode'],
  ['dan_persona', 'jailbroken'],
  ['dan_persona', 'always', 0, 'intelligent', 1, 'machiavellian'],
  ['delimiter_injection', '\n', 0, 'system assistant user human ai chatgpt', 0, ':'],
  // The start of the text (a virtual token): `System: …` opening a message, but not a transcript
  // that opens with `User:`.
  ['delimiter_injection', START, 0, 'system', 0, ':'],
  ['delimiter_injection', 'imstart imend endoftext startoftext'],
  ['delimiter_injection', '< [', 0, 'sys inst system', 0, '> ]'],
  [
    'delimiter_injection',
    'end',
    0,
    'of',
    1,
    'prompt instructions input context document conversation email text data',
  ],
  // A fake prompt-format header (`### Instruction:`, `### System:`, `### New instructions`), but
  // not a markdown heading that names a section `# Output instructions`: persona and system
  // prompts people share are full of those.
  ['delimiter_injection', '#', 1, 'instruction instructions system', 0, ':'],
  ['delimiter_injection', '#', 0, 'new', 0, 'instructions instruction rules task'],
];

// Every word the patterns use gets an id; a text's tokens are mapped to ids by hash (verified on a
// hit), so tokenising builds no strings. Id 0 is "any other token".
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const VOCAB = new Map<string, number>();
const BY_HASH = new Map<number, { id: number; word: string }>();
function idOf(word: string): number {
  let id = VOCAB.get(word);
  if (id === undefined) {
    id = VOCAB.size + 1;
    VOCAB.set(word, id);
    let h = FNV_OFFSET;
    for (let k = 0; k < word.length; k++) h = Math.imul(h ^ word.charCodeAt(k), FNV_PRIME);
    BY_HASH.set(h >>> 0, { id, word });
  }
  return id;
}

/**
 * The vocabulary's hashes in an open-addressing table (0 = empty slot) with each word's id beside
 * it: most tokens of a text are not rule words, and a typed-array probe rejects them (and finds the
 * others) faster than a Map lookup.
 */
let HASH_SLOTS = new Uint32Array(0);
let HASH_IDS = new Int32Array(0);
let HASH_MASK = 0;
/** Vocabulary words by id, to check a hash hit against the text. */
const WORDS: string[] = [];
function buildHashTable(): void {
  let size = 64;
  while (size < BY_HASH.size * 4) size <<= 1;
  HASH_SLOTS = new Uint32Array(size);
  HASH_IDS = new Int32Array(size);
  HASH_MASK = size - 1;
  for (const [h, { id, word }] of BY_HASH) {
    let j = (h ^ (h >>> 15)) & HASH_MASK;
    while (HASH_SLOTS[j] !== 0) j = (j + 1) & HASH_MASK;
    HASH_SLOTS[j] = h === 0 ? 1 : h;
    HASH_IDS[j] = id;
    WORDS[id] = word;
  }
}
/** The id of the vocabulary word hashing to `h`, or 0 (to be confirmed with spells()). */
function wordId(h: number): number {
  const k = h === 0 ? 1 : h;
  let j = (h ^ (h >>> 15)) & HASH_MASK;
  for (;;) {
    const v = HASH_SLOTS[j]!;
    if (v === 0) return 0;
    if (v === k) return HASH_IDS[j]!;
    j = (j + 1) & HASH_MASK;
  }
}

/** The families in the order SPECS first names them. */
const FAMILIES: readonly Family[] = [...new Set(SPECS.map(([family]) => family))];

const PARSED = SPECS.map(([family, ...parts]) => {
  const steps: ReadonlySet<number>[] = [];
  const gaps: number[] = [];
  let unless: ReadonlySet<number> = new Set();
  for (const p of parts) {
    if (typeof p === 'number') gaps.push(p);
    else if (typeof p === 'string') steps.push(new Set(p.split(' ').map(idOf)));
    else unless = new Set(p.unlessAfter.split(' ').map(idOf));
  }
  return { family, steps, gaps, unless };
});

/** Room per step in a pattern's `allowed` table: every id the vocabulary gave out, and 0. */
const VOCAB_ROOM = VOCAB.size + 1;

const PATTERNS: readonly Pattern[] = PARSED.map(({ family, steps, gaps, unless }) => {
  const allowed = new Uint8Array(steps.length * VOCAB_ROOM);
  steps.forEach((ids, k) => {
    for (const id of ids) allowed[k * VOCAB_ROOM + id] = 1;
  });
  return { family, fi: FAMILIES.indexOf(family), steps, gaps: Int32Array.from(gaps), allowed, unless };
});

buildHashTable();

/** The id of the line-break token, which some patterns start with. */
const NL_ID = VOCAB.get('\n')!;
const START_ID = VOCAB.get(START)!;

/** Rule ids of single ASCII punctuation tokens (`:`, `-`, `<`, `\n`…); 0 for the rest. */
const PUNCT_ID = new Int32Array(128);
for (let c = 0; c < 128; c++) {
  const hit = VOCAB.get(String.fromCharCode(c));
  if (hit !== undefined && !isWord(c)) PUNCT_ID[c] = hit;
}

/** Patterns by the token id they start with (ids are small: an array, not a map). */
const BY_FIRST: (Pattern[] | undefined)[] = [];
for (const p of PATTERNS) for (const t of p.steps[0]!) (BY_FIRST[t] ??= []).push(p);

/** Word characters of lib/chars.ts, and the apostrophe (`don't` is one token, spelled `dont`). */
function isWord(c: number): boolean {
  return WORD_CHAR[c] === 1 || c === 0x27;
}

/** Does text[s, e) spell `word` once apostrophes are skipped? */
function spells(text: Chars, s: number, e: number, word: string): boolean {
  let k = 0;
  for (let i = s; i < e; i++) {
    const c = text[i]!;
    if (c === 0x27) continue;
    if (k >= word.length || word.charCodeAt(k) !== c) return false;
    k++;
  }
  return k === word.length;
}

/** Sparse token lists: ids, ordinals and start offsets, grown together. */
interface Tokens {
  ids: Int32Array;
  ords: Int32Array;
  starts: Int32Array;
  n: number;
}

// Token lists and match positions, reused across calls (lib/scratch.ts): a megabyte of rule words
// needs 12 MB of token lists.
const LIST_MAX = 1 << 20;
const IDS = new Scratch(int32, LIST_MAX, 4096);
const ORDS = new Scratch(int32, LIST_MAX, 4096);
const STARTS = new Scratch(int32, LIST_MAX, 4096);

/**
 * The vocabulary tokens of normalised text, in order: their ids, their ordinals among all tokens
 * (words, single punctuation marks, newlines; spaces dropped) and where they start. Tokens that are
 * not rule words only advance the ordinal, so pattern gaps still count them, but nothing is stored.
 * The lists are scratch, valid until the next call.
 */
function tokenize(text: Chars): Tokens {
  const t = { ids: IDS.atLeast(4096), ords: ORDS.atLeast(4096), starts: STARTS.atLeast(4096), n: 1 };
  // A virtual token for the text's start, so a pattern can anchor there.
  t.ids[0] = START_ID;
  t.ords[0] = 0;
  t.starts[0] = 0;
  let ord = 1;
  let i = 0;
  const len = text.length;
  while (i < len) {
    const c = text[i]!;
    if (c === 0x20) {
      i++;
      continue;
    }
    const s = i;
    let id = 0;
    if (!isWord(c)) {
      id = c < 0x80 ? PUNCT_ID[c]! : 0;
      i++;
    } else {
      let h = FNV_OFFSET;
      while (i < len) {
        const d = text[i]!;
        if (!isWord(d)) break;
        if (d !== 0x27) h = Math.imul(h ^ d, FNV_PRIME);
        i++;
      }
      const hit = wordId(h >>> 0);
      if (hit !== 0 && spells(text, s, i, WORDS[hit]!)) id = hit;
    }
    if (id !== 0) {
      if (t.n === t.ids.length) {
        t.ids = IDS.grown(t.ids);
        t.ords = ORDS.grown(t.ords);
        t.starts = STARTS.grown(t.starts);
      }
      const n = t.n++;
      t.ids[n] = id;
      t.ords[n] = ord;
      t.starts[n] = s;
    }
    ord++;
  }
  return t;
}

/**
 * Does pattern `p` match from vocabulary token `start` (an index into the sparse token list)? Every
 * candidate within a step's gap is tried, not only the first (`ignore all the previous text and
 * instructions` has two `previous`-class words before its noun); gaps of at most 8 tokens over at
 * most four steps keep this to a few dozen probes per start token.
 */
function matchesAt(
  p: Pattern,
  ids: Int32Array,
  ords: Int32Array,
  n: number,
  start: number,
  step = 1,
): boolean {
  if (step >= p.steps.length) return true;
  const allowed = p.allowed;
  const row = step * VOCAB_ROOM;
  const limit = ords[start]! + 1 + p.gaps[step - 1]!;
  for (let k = start + 1; k < n && ords[k]! <= limit; k++)
    if (allowed[row + ids[k]!] === 1 && matchesAt(p, ids, ords, n, k, step + 1)) return true;
  return false;
}

/** Does one of `p.unless` stand within two tokens before token `i`? */
function negated(p: Pattern, text: Chars, t: Tokens, i: number): boolean {
  if (p.unless.size === 0) return false;
  const { ids, ords, starts } = t;
  for (let k = i - 1; k >= 1 && ords[i]! - ords[k]! <= 2; k--) {
    if (!p.unless.has(ids[k]!)) continue;
    // Only within the sentence: "No. Reveal your system prompt." is a request.
    for (let c = starts[k]!; c < starts[i]!; c++) if (SENTENCE_END[text[c]!] === 1) return false;
    return true;
  }
  return false;
}

/** Characters that end the clause a negation can reach across: `. ! ? ; :` and a line break. */
const SENTENCE_END = new Uint8Array(128);
for (const c of '.!?;:\n') SENTENCE_END[c.charCodeAt(0)] = 1;

// Match positions per family, reused across calls like the token lists: a megabyte of matches in
// growing JS arrays costs more in copies and page faults than finding them.
const FOUND = FAMILIES.map(() => new Scratch(int32, LIST_MAX, 256));

/**
 * Every rule match in a normalised text: per family (in first-match order) the sorted indexes its
 * matches' first tokens start at. The position lists are scratch, valid until the next call.
 */
export function familyHits(text: Chars): Map<Family, Int32Array> {
  const tokens = tokenize(text);
  const { ids, ords, starts, n } = tokens;
  const counts = new Int32Array(FAMILIES.length);
  const lists = FOUND.map((s) => s.atLeast(256));
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const list = BY_FIRST[id];
    if (!list) continue;
    let last: Family | undefined;
    for (const p of list) {
      if (p.family === last || negated(p, text, tokens, i) || !matchesAt(p, ids, ords, n, i)) continue;
      last = p.family;
      // A match anchored on a line break or the start counts where its first word starts: inside the segment.
      const where = id === NL_ID || id === START_ID ? starts[i + 1]! : starts[i]!;
      const f = p.fi;
      const k = counts[f]!;
      let at = lists[f]!;
      if (k === 0) order.push(f);
      else if (at[k - 1] === where) continue;
      if (k === at.length) at = lists[f] = FOUND[f]!.grown(at);
      at[k] = where;
      counts[f] = k + 1;
    }
  }
  return new Map(order.map((f) => [FAMILIES[f]!, lists[f]!.subarray(0, counts[f])]));
}

/** Families whose patterns occur in a normalised text, in first-match order. */
export function matchFamilies(text: string): Family[] {
  return [...familyHits(charsOf(text)).entries()].sort((a, b) => a[1][0]! - b[1][0]!).map(([f]) => f);
}

/** Does a sorted list of positions hold one in `[start, end)`? */
function hasIn(at: ArrayLike<number>, start: number, end: number): boolean {
  const i = lowerBound(at, start);
  return i < at.length && at[i]! < end;
}

/**
 * How many families have a match starting in `[start, end)`, asked for many ranges whose starts
 * mostly rise (scoring's windows, then its segments): each family keeps a cursor that walks forward,
 * and a range that starts further back puts it back by binary search. Linear over sorted ranges,
 * where a binary search per range and family cost a megabyte of short lines 13% of its time.
 */
export function familyCounter(
  hits: ReadonlyMap<Family, ArrayLike<number>>,
): (start: number, end: number) => number {
  const lists = [...hits.values()];
  const cursor = new Int32Array(lists.length);
  let last = 0;
  return (start, end) => {
    let n = 0;
    for (let f = 0; f < lists.length; f++) {
      const at = lists[f]!;
      let i = cursor[f]!;
      if (start < last) i = lowerBound(at, start);
      else while (i < at.length && at[i]! < start) i++;
      cursor[f] = i;
      if (i < at.length && at[i]! < end) n++;
    }
    last = start;
    return n;
  };
}

/** The families with a match starting in `[start, end)`; positions are sorted ascending. */
export function familiesIn(
  hits: ReadonlyMap<Family, ArrayLike<number>>,
  start: number,
  end: number,
): Family[] {
  const out: Family[] = [];
  for (const [family, at] of hits) if (hasIn(at, start, end)) out.push(family);
  return out;
}
