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
/** Letters in any script (cheap check first for ASCII). */
export function isWordChar(c: number): boolean {
  if (c < 128) return isAlnum(c) || c === 95;
  return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x206f);
}
