// Hostile inputs aimed at the PII scanners (runs that start a candidate at every position), used by
// the completion test and bench/guards/pii.ts next to the shared guard inputs; and floods of findings.

/** Named inputs of about `size` characters. */
export function piiAdversarialInputs(size: number): Record<string, string> {
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return {
    ats: fill('a@'),
    atDots: fill('@a.'),
    localRuns: `${fill('a')}@example.com`,
    domainRuns: `a@${fill('a.')}`,
    digits: fill('1'),
    digitSpaces: fill('1 '),
    digitDashes: fill('1-'),
    plusPhones: fill('+1 '),
    brackets: fill('(1) '),
    cardGroups: fill('4111 '),
    ibanHeads: fill('DE89 '),
    ibanCompact: `DE89${fill('3')}`,
    ssnRuns: fill('123-45-'),
    dottedDigits: fill('1.1.'),
    colonHex: fill('a:'),
    doubleColons: fill('::'),
    bornRuns: fill('born '),
    bornDates: fill('born 12 March '),
    streetNumbers: fill('1 Main '),
    streetWords: fill('Main Street '),
    nameWords: fill('12 Aaaa '),
    compound: fill('Hauptstraße '),
    compoundLong: fill('Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'),
    romance: fill('Via Roma '),
    hyphenWords: fill('Aaaa-'),
    rueRuns: fill('12 rue de la '),
    // Near misses: one digit short or a wrong check digit, so every candidate is read to the end.
    cardNearMiss: fill('4111 1111 1111 1112 '),
    cardShort: fill('4111 1111 111 '),
    ibanNearMiss: fill('DE89 3704 0044 0532 0130 01 '),
    ibanGlued: fill('GB82WEST1234569876543X'),
    phoneNearMiss: fill('+1 (555) 010-000 '),
    phoneSeps: fill('1 (2) 3-4.5/'),
    emailNearMiss: fill('a.b@c '),
    ipNearMiss: fill('256.1.1.1 '),
    ipv6Runs: fill('fe80::1:'),
    ssnNearMiss: fill('SSN 000-12-3456 '),
    dobWords: fill('date of birth: 31/'),
    bornDots: fill('born 1.1. '),
    monthDays: fill('born March 1, '),
    digitPairs: fill('1  '),
    bareNumbers: fill('1234567 '),
    phoneWords: fill('tel 1234567 '),
    isbnRuns: fill('ISBN 1234567 '),
    labelNines: fill('no 123456789 '),
    ibanOnes: fill('DE89 1 '),
  };
}

/**
 * Texts that are nothing but findings, back to back: the work is one finding per few characters
 * (each made, ordered and masked), not a scanner going back over the text, so they are timed apart.
 */
export function piiFloodInputs(size: number): Record<string, string> {
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return {
    emailFlood: fill('a@b.co '),
    ipFlood: fill('1.1.1.1 '),
    ssnFlood: fill('123-45-6789 '),
    streetFlood: fill('Str. 1 '),
    leadFlood: fill('Via Roma 1 '),
  };
}
