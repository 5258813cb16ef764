// The digit runs of a text, found in one pass and shared by every number scanner: a card, an IBAN's
// check digits, an SSN, an IPv4 octet, a phone number, a house number and a date all start at one.
// The scanners visit these runs instead of every character, and most turn a run down on the
// characters just around it, kept here too: a text without digits costs them nothing, and one that
// is all short runs costs a few array reads per run.

/**
 * Maximal runs of ASCII digits: run `k` is `text[starts[k], ends[k])`, in text order. The arrays
 * are reused by the next digitRuns call (a megabyte of short runs needs several megabytes of them,
 * and allocating those per text made the garbage collector a large part of the cost): use one
 * result before asking for the next, as detect does.
 */
export interface DigitRuns {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** The character before run `k` (0 at the start of the text). */
  readonly before: Uint16Array;
  /** The character after run `k` (0 at the end of the text). */
  readonly after: Uint16Array;
}

/** The next digit, for a jump over a stretch without any (a native scan, far faster than a loop). */
const NEXT_DIGIT = /[0-9]/g;

/** The digit runs of `text`. */
export function digitRuns(text: string): DigitRuns {
  let { starts, ends, before, after } = kept;
  let cap = starts.length;
  let count = 0;
  const n = text.length;
  let prev = 0;
  for (let i = 0; i < n;) {
    let c = text.charCodeAt(i);
    if (c > 57 || c < 48) {
      // Up to 16 characters read here; past them, the regex finds the next digit.
      const stop = i + 16 < n ? i + 16 : n;
      do {
        prev = c;
        i++;
      } while (i < stop && ((c = text.charCodeAt(i)) > 57 || c < 48));
      if (i === stop) {
        if (stop === n) break;
        NEXT_DIGIT.lastIndex = stop;
        if (!NEXT_DIGIT.test(text)) break;
        i = NEXT_DIGIT.lastIndex - 1;
        prev = text.charCodeAt(i - 1);
      }
    }
    const s = i;
    do i++;
    while (i < n && (c = text.charCodeAt(i)) <= 57 && c >= 48);
    if (count === cap) {
      cap *= 2;
      starts = grow(starts, new Int32Array(cap));
      ends = grow(ends, new Int32Array(cap));
      before = grow(before, new Uint16Array(cap));
      after = grow(after, new Uint16Array(cap));
    }
    starts[count] = s;
    ends[count] = i;
    before[count] = prev;
    after[count] = i < n ? c : 0;
    count++;
  }
  // Kept for the next text unless a very long one grew them past what is worth holding on to.
  kept = cap <= MAX_KEPT ? { starts, ends, before, after } : fresh(64);
  return { count, starts, ends, before, after };
}

type Arrays = Pick<DigitRuns, 'starts' | 'ends' | 'before' | 'after'>;
const fresh = (cap: number): Arrays => ({
  starts: new Int32Array(cap),
  ends: new Int32Array(cap),
  before: new Uint16Array(cap),
  after: new Uint16Array(cap),
});
/** Runs whose arrays are kept between calls: enough for a 2 MB text of one-digit runs (12 MB). */
const MAX_KEPT = 1 << 20;
let kept = fresh(64);

function grow<T extends Int32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
