// Hostile inputs aimed at the PII scanners (runs that start a candidate at every position), used by
// the completion test and bench/guards/pii.ts next to the shared guard inputs.

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
  };
}
