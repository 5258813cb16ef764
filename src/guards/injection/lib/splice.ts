// Finding the instruction inside a spliced document, for training. Labelled indirect injections are
// benign documents with an instruction put in; the same document appears clean and with other
// instructions elsewhere in the data. The segments a document's copies share are the document; the
// ones only this copy has are what was spliced in. Training then pushes exactly those up and the
// document's own lines down, instead of learning "an e-mail from this sender is an attack".

export interface SpliceOptions {
  /** A segment is spliced in when at most this share of the document's other copies has it. */
  readonly rare?: number;
  /** At most this many spliced segments in a row (a multi-line code payload); more means no clean match. */
  readonly maxRun?: number;
  /** Segments shared by more rows than this are boilerplate ("thanks,") and never pick a family. */
  readonly commonLimit?: number;
}

/**
 * What was found for one row: the indices of its spliced segments; `unknown` when the row has no
 * copies to compare with (train on it as it is); `ambiguous` when it has copies but they differ in
 * more than one clean place (better left out than guessed); `undefined` for rows not asked about.
 */
export type Splice = number[] | 'unknown' | 'ambiguous' | undefined;

/**
 * For each row `i` with `candidate(i)`, the indices of its segments that were spliced in (see
 * `Splice`). `segs[i]` holds the segment texts of row `i` (normalised), in order.
 *
 * @example
 * injectedSegments([['a b', 'c d', 'e f'], ['a b', 'x y', 'c d', 'e f']], (i) => i === 1) // → [undefined, [1]]
 */
export function injectedSegments(
  segs: readonly (readonly string[])[],
  candidate: (i: number) => boolean,
  opts: SpliceOptions = {},
): Splice[] {
  const rare = opts.rare ?? 0.15;
  const maxRun = opts.maxRun ?? 6;
  const commonLimit = opts.commonLimit ?? 200;
  const sets = segs.map((s) => new Set(s));
  const index = new Map<string, number[]>();
  sets.forEach((set, i) => {
    for (const s of set) {
      const l = index.get(s);
      if (l) l.push(i);
      else index.set(s, [i]);
    }
  });
  return segs.map((mine, i) => {
    if (!candidate(i)) return undefined;
    if (sets[i]!.size < 3) return 'unknown';
    // The family: rows that share at least half of this row's distinct segments.
    const shared = new Map<number, number>();
    for (const s of sets[i]!) {
      const rows = index.get(s)!;
      if (rows.length > commonLimit) continue;
      for (const j of rows) if (j !== i) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    const family = [...shared].filter(([, n]) => n >= sets[i]!.size * 0.5).map(([j]) => sets[j]!);
    if (family.length === 0) return 'unknown';
    const limit = family.length * rare;
    const found: number[] = [];
    mine.forEach((s, k) => {
      let have = 0;
      for (const f of family) if (f.has(s)) have++;
      if (have <= limit) found.push(k);
    });
    if (found.length === 0 || found.length > maxRun) return 'ambiguous';
    // One run (a payload of several lines, at most one shared line inside it); scattered rare pieces
    // mean the copies differ in more than one place, and guessing would label the document itself.
    if (found[found.length - 1]! - found[0]! > found.length) return 'ambiguous';
    return found;
  });
}
