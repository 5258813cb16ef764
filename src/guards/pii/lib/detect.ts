// Runs the enabled detectors over one text and resolves overlaps: the more specific type wins
// (a Luhn-valid card over the phone number its digits also spell), then the longer span.

import type { CountryCode } from 'libphonenumber-js';
import { findAddresses, findBirthDates } from './context.ts';
import { findEmails } from './email.ts';
import type { Hit, PiiType } from './hit.ts';
import { findIps } from './ip.ts';
import { findCards, findIbans, findSsns } from './numbers.ts';
import { findPhones } from './phone.ts';

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
  const all: Hit[] = [];
  // Appended one by one: a hostile text can yield more hits than a spread's argument limit.
  const add = (hits: readonly Hit[]) => {
    for (const h of hits) all.push(h);
  };
  if (t.has('email') && text.includes('@')) add(findEmails(text));
  if (t.has('credit_card')) add(findCards(text));
  if (t.has('iban')) add(findIbans(text));
  if (t.has('us_ssn')) add(findSsns(text));
  if (t.has('ip_address')) add(findIps(text));
  if (t.has('phone')) add(findPhones(text, opts.regions));
  if (t.has('date_of_birth')) add(findBirthDates(text));
  if (t.has('street_address')) add(findAddresses(text));
  if (t.has('person_name') && opts.names) add(opts.names(text));
  if (all.length < 2) return all;
  // One sweep in start order: an overlapping hit replaces the last kept one only if it ranks higher.
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  for (const h of all) {
    const last = kept[kept.length - 1];
    if (!last || h.start >= last.end) kept.push(h);
    else if (rank(h) > rank(last)) kept[kept.length - 1] = h;
  }
  return kept;
}

const rank = (h: Hit) => PRIORITY[h.type] * 1e6 + (h.end - h.start);
