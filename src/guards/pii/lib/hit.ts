// The shape every PII detector returns, and the small character tests they share (no regex on hot paths).

/** One detected span in one text; `key` is the normalised value, so one value gets one pseudonym. */
export interface Hit {
  readonly start: number;
  readonly end: number;
  readonly type: PiiType;
  readonly score: number;
  readonly key: string;
}

export const PII_TYPES = [
  'email',
  'phone',
  'credit_card',
  'iban',
  'us_ssn',
  'ip_address',
  'date_of_birth',
  'street_address',
  'person_name',
] as const;

export type PiiType = (typeof PII_TYPES)[number];

export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isUpper = (c: number) => c >= 65 && c <= 90;
export const isLower = (c: number) => c >= 97 && c <= 122;
/** ASCII letters and digits. */
export const isAlnum = (c: number) => isDigit(c) || isUpper(c) || isLower(c);
/** What `\s` matches in a regular expression. */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
/** Letters in any script (cheap check first for ASCII). */
export function isWordChar(c: number): boolean {
  if (c < 128) return isAlnum(c) || c === 95;
  return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x206f);
}
