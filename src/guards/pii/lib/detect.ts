// Runs the enabled detectors over one text (the number scanners over its digit runs, found once) and
// resolves overlaps: the more specific type wins
// (a Luhn-valid card over the phone number its digits also spell), then the longer span.

import type { CountryCode } from 'libphonenumber-js';
import { findAddresses } from './address.ts';
import { findBirthDates } from './dob.ts';
import { findEmails } from './email.ts';
import type { Hit, PiiType } from './hit.ts';
import { findIps } from './ip.ts';
import { findCards, findIbans, findSsns } from './numbers.ts';
import { findPhones } from './phone.ts';
import { digitRuns } from './runs.ts';

export interface DetectOptions {
  readonly types: ReadonlySet<PiiType>;
  readonly regions: readonly CountryCode[];
  /** Person names, when enabled (an NLP pass; see names.ts). */
  readonly names?: (text: string) => Hit[];
}

const PRIORITY: Record<PiiType, number> = {
  credit_card: 9,
  iban: 8,
  us_ssn: 7,
  email: 6,
  ip_address: 5,
  date_of_birth: 4,
  phone: 3,
  street_address: 2,
  person_name: 1,
};

/** Every PII span in `text`, non-overlapping, in order. */
export function detect(text: string, opts: DetectOptions): Hit[] {
  const t = opts.types;
  const lists: Hit[][] = [];
  const add = (hits: Hit[]) => {
    if (hits.length > 0) lists.push(inOrder(hits));
  };
  if (t.has('email') && text.includes('@')) add(findEmails(text));
  // The number scanners share one pass that finds the digit runs (each starts only at one).
  const runs = digitRuns(text);
  if (t.has('credit_card')) add(findCards(text, runs));
  if (t.has('iban')) add(findIbans(text, runs));
  if (t.has('us_ssn')) add(findSsns(text, runs));
  if (t.has('ip_address')) add(findIps(text, runs));
  if (t.has('phone')) add(findPhones(text, opts.regions, runs));
  if (t.has('date_of_birth')) add(findBirthDates(text, runs));
  if (t.has('street_address')) add(findAddresses(text, runs));
  if (t.has('person_name') && opts.names) add(opts.names(text));
  if (lists.length === 0) return [];
  // Each list is in text order, so merging them is linear (a text can hold 100,000s of hits; one by
  // one, as a spread of them could pass the argument limit). The earlier list goes first on a tie,
  // as in a stable sort of them all.
  let all = lists[0]!;
  for (let k = 1; k < lists.length; k++) all = merge(all, lists[k]!);
  if (all.length < 2) return all;
  // One sweep in start order: an overlapping hit replaces the last kept one only if it ranks higher.
  const kept: Hit[] = [];
  for (const h of all) {
    const last = kept[kept.length - 1];
    if (!last || h.start >= last.end) kept.push(h);
    else if (rank(h) > rank(last)) kept[kept.length - 1] = h;
  }
  return kept;
}

/** Start order, the longer first at one start. */
const before = (a: Hit, b: Hit) => a.start - b.start || b.end - a.end;

/** `hits` in start order: as they are when a scanner reports them so (all do, IPv6 after IPv4 aside). */
function inOrder(hits: Hit[]): Hit[] {
  for (let k = 1; k < hits.length; k++) if (before(hits[k - 1]!, hits[k]!) > 0) return hits.sort(before);
  return hits;
}

/** Two lists in start order merged; `a`'s hit first when two compare equal. */
function merge(a: readonly Hit[], b: readonly Hit[]): Hit[] {
  const out: Hit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(before(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

const rank = (h: Hit) => PRIORITY[h.type] * 1e6 + (h.end - h.start);
