import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detect } from './detect.ts';
import { PII_TYPES, type PiiType } from './hit.ts';

const opts = {
  types: new Set<PiiType>(PII_TYPES),
  regions: ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL'] as const,
};
/** `type:matched text` for every hit. */
const found = (text: string) =>
  detect(text, { ...opts, regions: [...opts.regions] }).map((h) => `${h.type}:${text.slice(h.start, h.end)}`);

const cases: [string, string, string[]][] = [
  // [what, text, expected hits]
  [
    'e-mail with plus and subdomains',
    'write to john.doe+x@mail.example.co.uk.',
    ['email:john.doe+x@mail.example.co.uk'],
  ],
  ['e-mail needs a dot and a letter TLD', 'user@localhost and a@b.c1 and @handle', []],
  ['international phone with spaces', 'call +44 20 7946 0958 today', ['phone:+44 20 7946 0958']],
  ['US phone with brackets', 'Phone (415) 555-2671.', ['phone:(415) 555-2671']],
  ['German national phone via region list', 'Telefon: 030 1234567', ['phone:030 1234567']],
  ['00-prefixed international phone', 'ring 0033 1 42 68 53 00', ['phone:0033 1 42 68 53 00']],
  [
    'bare digits are a phone only after a phone word',
    'call 4155552671 about order 4155552671',
    ['phone:4155552671'],
  ],
  ['dates and version numbers are not phones', 'on 12.03.2024 we shipped 10.2.33 (build 4.1.22.7)', []],
  ['Visa with spaces (Luhn valid)', 'card 4111 1111 1111 1111 exp', ['credit_card:4111 1111 1111 1111']],
  ['Amex with dashes', 'amex 3782-822463-10005', ['credit_card:3782-822463-10005']],
  ['card failing Luhn is not a card', 'card 4111 1111 1111 1112', []],
  ['Luhn-valid number with no issuer prefix is not a card', 'ref 0000 0000 0000 0000', []],
  ['digits inside a longer run are not a card', 'id 41111111111111110000', []],
  ['grouped German IBAN', 'IBAN DE89 3704 0044 0532 0130 00.', ['iban:DE89 3704 0044 0532 0130 00']],
  ['compact British IBAN', 'GB82WEST12345698765432', ['iban:GB82WEST12345698765432']],
  ['IBAN with a wrong check digit', 'DE89 3704 0044 0532 0130 01', []],
  ['IBAN of the wrong length for its country', 'DE89 3704 0044 0532 0130', []],
  ['SSN with dashes', 'SSN 123-45-6789.', ['us_ssn:123-45-6789']],
  ['SSN-like numbers in invalid ranges', '000-12-3456 666-12-3456 912-12-3456 123-00-4567 123-45-0000', []],
  ['bare 9 digits after SSN', 'social security number: 123456789', ['us_ssn:123456789']],
  ['bare 9 digits without context', 'ticket 123456789', []],
  ['IPv4', 'from 192.168.1.20, then', ['ip_address:192.168.1.20']],
  ['IPv4 octet out of range or 5 parts', '256.1.1.1 and 1.2.3.4.5', []],
  ['version strings are not IPs', 'version 10.0.0.1 and v1.2.3.4', []],
  ['IPv6', 'host 2001:db8::8a2e:370:7334 up', ['ip_address:2001:db8::8a2e:370:7334']],
  ['timestamps are not IPv6', 'at 12:30:45 and 2024-01-01T10:20:30', []],
  ['date after "born"', 'She was born on 12 March 1985.', ['date_of_birth:12 March 1985']],
  ['date after DOB', 'DOB: 03/04/1990', ['date_of_birth:03/04/1990']],
  ['date after Geburtsdatum', 'Geburtsdatum: 12.03.1985', ['date_of_birth:12.03.1985']],
  ['French "née le"', 'née le 5 mars 1979', ['date_of_birth:5 mars 1979']],
  ['a date without birth context', 'Meeting on 12/03/2024 and 12 March 1985', []],
  ['English address', 'Ship to 1600 Pennsylvania Avenue NW', ['street_address:1600 Pennsylvania Avenue']],
  ['German address', 'Wohnt in der Hauptstraße 5 in Köln', ['street_address:Hauptstraße 5']],
  ['Dutch address', 'Kerkstraat 12, Amsterdam', ['street_address:Kerkstraat 12']],
  ['French address', 'au 12 rue de la Paix', ['street_address:12 rue de la Paix']],
  [
    'Italian and Spanish addresses',
    'Via Roma 10 e Calle Mayor, 5',
    ['street_address:Via Roma 10', 'street_address:Calle Mayor, 5'],
  ],
  ['a number before an ordinary word is no address', 'We sold 12 Apples and 3 pears', []],
  // Candidates start at digit runs and are turned down on what is around them before any pattern:
  // these pin the cases those shortcuts must still let through or keep out.
  [
    'an IBAN starting at a later group of a chain of groups',
    'DE89 DE89 3704 0044 0532 0130 00',
    ['iban:DE89 3704 0044 0532 0130 00'],
  ],
  [
    'a card after the group holding a 20th digit',
    'ref 1111 2222 3333 4444 5555 4111 1111 1111 1111',
    ['credit_card:4111 1111 1111 1111'],
  ],
  ['bare 9 digits after a dotted label', 'Soc. Sec. No.: 123456789', ['us_ssn:123456789']],
  ['bare 9 digits after SSN#', 'SSN# 123456789', ['us_ssn:123456789']],
  ['a dotted quad after "ver." is a version', 'ver. 10.0.0.1', []],
  ['an ISBN is not a phone', 'ISBN-10: 0-306-40615-2 and isbn 030 6406152', []],
  ['date after "born" written month first', 'born March 3, 1985', ['date_of_birth:March 3, 1985']],
  ['ISO date after DOB', 'DOB 1985-03-12', ['date_of_birth:1985-03-12']],
  ['date right after "geb."', 'geb.12.03.1985', ['date_of_birth:12.03.1985']],
  ['a date too far from its keyword', 'born in a small town, on the coast, 12.03.1985', []],
  ['upper-case compound street word', 'HAUPTSTRASSE 5', ['street_address:HAUPTSTRASSE 5']],
  [
    'compound street word with a dot and a suffix letter',
    'Sürderstr. 22c',
    ['street_address:Sürderstr. 22c'],
  ],
  ['Italian lead word with a capitalised name', 'Piazza Alba 62', ['street_address:Piazza Alba 62']],
];

for (const [what, text, expected] of cases) {
  test(`detects ${what}`, () => assert.deepEqual(found(text), expected));
}

test('a +-prefixed number is a phone number, never a card', () => {
  assert.ok(!found('tel +4986850773892').some((h) => h.startsWith('credit_card')));
});

test('only the configured types are reported', () => {
  const text = 'a@example.com 192.168.1.1';
  const hits = detect(text, { types: new Set<PiiType>(['ip_address']), regions: ['US'] });
  assert.deepEqual(
    hits.map((h) => h.type),
    ['ip_address'],
  );
});

test('finds every hit of a text with more of them than a spread can pass (200,000 e-mail addresses)', () => {
  const hits = detect('a@b.co '.repeat(200_000), { ...opts, regions: [...opts.regions] });
  assert.equal(hits.length, 200_000);
  assert.deepEqual(hits[199_999], {
    start: 1_399_993,
    end: 1_399_999,
    type: 'email',
    score: 1,
    key: 'a@b.co',
  });
});
