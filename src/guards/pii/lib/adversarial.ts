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
  };
}
