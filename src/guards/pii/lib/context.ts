// Dates of birth (a date right after "born", "DOB", "Geburtsdatum", "né le"…) and street addresses
// (a house number next to a street-type word, in English, German, Dutch, French, Spanish and Italian).
// Keywords are found first; dates and numbers are only looked for in a short window beside them.

import type { Hit } from './hit.ts';

const DOB_WORDS =
  /\b(?:born|dob|d\.o\.b\.?|date of birth|birth ?date|birthday|geburtsdatum|geb\.|geboren(?: am)?|née?(?: le)?|date de naissance|fecha de nacimiento|nacid[oa](?: el)?|data di nascita|nat[oa](?: il)?|geboortedatum)\b/giu;

const MONTHS = new Set(
  (
    'jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december ' +
    'januar jänner februar märz maerz mai juni juli oktober dezember ' +
    'janvier février fevrier mars avril juin juillet août aout septembre octobre novembre décembre decembre ' +
    'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre ' +
    'gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre ' +
    'januari februari maart mei augustus oktober'
  ).split(' '),
);

// Bounded, unambiguous patterns applied to ≤ 48 characters after a keyword.
const NUMERIC =
  /^[\s:,=()-]{0,6}(?:on |am |le |el |il |op )?(\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?!\d)/iu;
const DAY_MONTH =
  /^[\s:,=()-]{0,6}(?:on |am |le |el |il |op )?(\d{1,2}(?:st|nd|rd|th|er|º)?\.?\s{1,2}(?:de\s)?(\p{L}{3,10})\.?,?\s{1,2}(?:de\s)?\d{4})(?!\d)/iu;
const MONTH_DAY =
  /^[\s:,=()-]{0,6}(?:on )?((\p{L}{3,10})\.?\s{1,2}\d{1,2}(?:st|nd|rd|th)?,?\s{1,2}\d{4})(?!\d)/iu;

/** Dates that follow a date-of-birth keyword within a few characters. */
export function findBirthDates(text: string): Hit[] {
  const out: Hit[] = [];
  DOB_WORDS.lastIndex = 0;
  for (let m = DOB_WORDS.exec(text); m; m = DOB_WORDS.exec(text)) {
    const from = m.index + m[0].length;
    const win = text.slice(from, from + 48);
    let hit: RegExpExecArray | null = NUMERIC.exec(win);
    if (!hit) {
      const dm = DAY_MONTH.exec(win) ?? MONTH_DAY.exec(win);
      if (dm && MONTHS.has(dm[2]!.toLowerCase())) hit = dm;
    }
    if (!hit) continue;
    const start = from + hit[0].length - hit[1]!.length;
    const end = from + hit[0].length;
    out.push({ start, end, type: 'date_of_birth', score: 1, key: text.slice(start, end).toLowerCase() });
    DOB_WORDS.lastIndex = end;
  }
  return out;
}

const NAME_WORD = "\\p{Lu}[\\p{L}'’.]{0,24}";
/** A word in either capitalisation (`[Rr]ue`), so the rest of the pattern stays case-sensitive. */
const cap = (words: string) =>
  words
    .split('|')
    .map((w) => (/^\p{Ll}/u.test(w) ? `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}` : w))
    .join('|');

// Number first, matched sticky at a house number: "1600 Pennsylvania Avenue", "72 Cassin Grove".
const EN_TYPES =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Grove|Gardens|Hill|Hills|Park|Row|Mews|Walk|Circle|Cir|Trail|Motorway|Field|Fields|Green|Heights|Rise|Vale|View|Wharf|Yard|Loop|Alley|Bridge|Causeway|Plaza|Ridge|Path|Pike|Port|Point|Garden|Hollow|Meadow|Meadows|Orchard|Pass|Run|Spring|Springs|Station|Track|Tunnel|Turnpike|Valley|Village|Ville|Vista|Estate|Estates|Junction|Mall|Mill|Mills|Manor|Lodge|Bend|Brook|Creek|Crossing|Cove|Glen|Harbor|Haven|Knoll|Landing|Mount|Oval|Pines|Ranch|Shore|Shores|Summit|Trace|Mead|Chase|Croft|Parade|Approach|Brae|Grange|Wynd|Garth|Gate|Copse|Glade|Paddock';
const EN = new RegExp(`\\d{1,5}[A-Za-z]?\\s{1,2}(?:${NAME_WORD}\\s{1,2}){1,4}(?:${EN_TYPES})\\b\\.?`, 'uy');
// "12 rue de la Paix", "72 Boulevard de Seine", "2 Voie d'Argenteuil"
const ARTICLES_FR = "(?:(?:d['’]|de |du |des |la |le |l['’])\\s?){0,2}";
const FR = new RegExp(
  `\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s{1,2}(?:${cap('rue|avenue|av.|boulevard|bd|place|chemin|allée|impasse|quai|route|voie|cours|square|passage|rond-point')})\\s{1,2}${ARTICLES_FR}${NAME_WORD}(?:[ -]${NAME_WORD}){0,3}`,
  'uy',
);

// Number last: the words before the number decide. "Hauptstraße 5", "Sürderstr. 22c", "Kerkstraat 12"…
const COMPOUND_END = new RegExp(
  `(?:${'straße|strasse|str.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|hof|straat|laan|plein|gracht|kade|dijk|singel|plantsoen|dreef|pad|steeg|park|berg'.replace(/\./g, '\\.')})$`,
  'iu',
);
// … "Via Roma 10", "Calle Mayor, 5", "Piazza Alba 62", "Vía Pública Iván, 46"
const LEAD_WORDS = new Set(
  'via|viale|piazza|piazzale|corso|largo|vicolo|contrada|borgo|strada|rotonda|calle|avenida|avda.|paseo|plaza|carrera|camino|carretera|ronda|travesía|arrabal|glorieta|callejón|rambla|c/|vía|cuesta|pasaje|urbanización|subida|bajada|jardines|avinguda|carrer'.split(
    '|',
  ),
);
const ARTICLES = new Set(
  'de|del|della|delle|dei|di|la|el|los|las|der|den|am|an|im|auf|van|het|op'.split('|'),
);
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c < 0x2000);
const isDigitCode = (c: number) => c >= 48 && c <= 57;
const isUpperStart = (w: string) => /^\p{Lu}/u.test(w);
const isLetterish = (c: string) => /[\p{L}'’./]/u.test(c);

/** Up to `max` words before `end`, nearest first: [start, word], single spaces/hyphens/commas between. */
function wordsBefore(text: string, end: number, max: number): [number, string][] {
  const out: [number, string][] = [];
  let i = end;
  while (out.length < max) {
    let gap = 0;
    while (i > 0 && gap < 3 && (text[i - 1] === ' ' || text[i - 1] === ',' || text[i - 1] === '-')) {
      i--;
      gap++;
    }
    if (gap === 0 && out.length > 0) break;
    const e = i;
    while (i > 0 && e - i < 26 && isLetterishCode(text.charCodeAt(i - 1))) i--;
    if (i === e) break;
    const w = text.slice(i, e);
    // A sentence ends before a dotted word (`Vilma. See 978`); only the word by the number may be `Str.`.
    if (out.length > 0 && w.endsWith('.')) break;
    out.push([i, w]);
  }
  return out;
}

/** Street addresses: a house number beside a street name with a street-type word. */
export function findAddresses(text: string): Hit[] {
  const out: Hit[] = [];
  const n = text.length;
  let lastEnd = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    let j = i;
    while (j < n && j - i < 6 && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    // A house number stands alone: space (or a line start, or a comma) before, space/letter/comma after.
    const before = i > 0 ? text.charCodeAt(i - 1) : 32;
    const after = j < n ? text.charCodeAt(j) : 32;
    const spaceBefore = before === 32 || before === 10 || before === 9 || before === 44 || before === 40;
    const firstOk = after === 32 || after === 44 || (isLetter(after) && text.charCodeAt(j + 1) === 32);
    if (j - i <= 5 && (spaceBefore || i === 0)) {
      let hit: [number, number] | undefined;
      // Number first. A cheap look at the first word decides which patterns can match at all, so a
      // run of numbers or of unrelated words costs no regex call.
      const first = firstOk ? firstWordAfter(text, j) : 0;
      if (first !== 0)
        for (const re of [EN, FR]) {
          if (re === EN ? !maybeUpper(first) || !secondCapital(text, j) : !FR_FIRST.has(first | 32)) continue;
          re.lastIndex = i;
          const m = re.exec(text);
          if (m) {
            hit = [i, i + m[0].length];
            break;
          }
        }
      // Number last.
      if (!hit && i > 0 && i >= lastEnd) hit = numberLast(text, i, j);
      if (hit && hit[0] >= lastEnd) {
        const s = hit[0];
        let e = hit[1];
        while (e > s && (text[e - 1] === ' ' || text[e - 1] === ',')) e--;
        out.push({
          start: s,
          end: e,
          type: 'street_address',
          score: 0.9,
          key: text.slice(s, e).toLowerCase(),
        });
        lastEnd = e;
        i = e - 1;
        continue;
      }
    }
    while (i + 1 < n && text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57) i++;
  }
  return out;
}

const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** Could start a capitalised word: an ASCII capital, or any non-ASCII letter (left to the pattern). */
const maybeUpper = (c: number) => (c >= 65 && c <= 90) || c >= 0xc0;
/** First letters (lower-cased) of the French street types and of `bis` / `ter`. */
const FR_FIRST = new Set([...'rabpciqvst'].map((c) => c.charCodeAt(0)));
/** What `\\s` matches beside ASCII controls and space. */
const isWideSpace = (c: number) =>
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

/**
 * The first character of the word after the house number ending at `j` (past one letter suffix and
 * up to three spaces or commas), when it is a letter; else 0.
 */
function firstWordAfter(text: string, j: number): number {
  let k = j;
  if (isAsciiLetter(text.charCodeAt(k))) k++;
  for (let g = 0; g < 3 && k < text.length; g++) {
    const c = text.charCodeAt(k);
    if (c > 32 && c !== 44 && !isWideSpace(c)) break;
    k++;
  }
  const c = text.charCodeAt(k);
  return isAsciiLetter(c) || c >= 0xc0 ? c : 0;
}

/** EN needs two capitalised words after the number (a name and the street type): is the second one? */
function secondCapital(text: string, j: number): boolean {
  let k = isAsciiLetter(text.charCodeAt(j)) ? j + 1 : j;
  while (k < text.length && k - j < 4 && (text.charCodeAt(k) <= 32 || isWideSpace(text.charCodeAt(k)))) k++;
  const stop = Math.min(text.length, k + 27);
  while (k < stop && text.charCodeAt(k) > 32 && !isWideSpace(text.charCodeAt(k))) k++;
  const from = k;
  while (k < text.length && k - from < 2 && (text.charCodeAt(k) <= 32 || isWideSpace(text.charCodeAt(k))))
    k++;
  return k > from && maybeUpper(text.charCodeAt(k));
}

/** Letters (any script), apostrophes, dots and slashes: what wordsBefore reads as a word. */
const isLetterishCode = (c: number) =>
  isAsciiLetter(c) ||
  c === 39 ||
  c === 0x2019 ||
  c === 46 ||
  c === 47 ||
  (c >= 0x80 && isLetterish(String.fromCharCode(c)));
/** Letters of any script and digits. */
const isWordCode = (c: number) =>
  isAsciiLetter(c) || (c >= 48 && c <= 57) || (c >= 0x80 && /\p{L}/u.test(String.fromCharCode(c)));

/** A street name ending just before the house number at [i, j), or undefined. */
function numberLast(text: string, i: number, j: number): [number, number] | undefined {
  if (j - i > 4) return undefined;
  // A word must end right before the number (past up to three spaces, commas or hyphens).
  let b = i;
  for (let g = 0; g < 3 && b > 0; g++) {
    const c = text.charCodeAt(b - 1);
    if (c !== 32 && c !== 44 && c !== 45) break;
    b--;
  }
  if (b === 0 || !isLetterishCode(text.charCodeAt(b - 1))) return undefined;
  // House number suffix: "22c", "35b", "605 I", "s/n".
  let e = j;
  if (isAsciiLetter(text.charCodeAt(e)) && !isWordCode(text.charCodeAt(e + 1))) e++;
  // Not a house number when it continues: 24/7, 978-1-…, 3.5, 10:30.
  const ce = text.charCodeAt(e);
  if (
    isWordCode(ce) ||
    ((ce === 47 || ce === 58 || ce === 46 || ce === 45) && isDigitCode(text.charCodeAt(e + 1)))
  )
    return undefined;
  const words = wordsBefore(text, i, 6);
  if (words.length === 0) return undefined;
  const [w0s, w0] = words[0]!;
  // Compound street word right before the number, with up to two capitalised words before it.
  if (COMPOUND_END.test(w0) && (isUpperStart(w0) || /^\p{Ll}/u.test(w0))) {
    let start = w0s;
    for (const [ws, w] of words.slice(1, 3)) {
      if (!isUpperStart(w)) break;
      start = ws;
    }
    return [start, e];
  }
  // A lead word (via, calle…) within five words, every word between capitalised or an article.
  for (let k = 1; k < words.length; k++) {
    const [ws, w] = words[k]!;
    if (LEAD_WORDS.has(w.toLowerCase())) {
      const between = words.slice(0, k).map(([, x]) => x);
      if (
        between.every((x) => isUpperStart(x) || ARTICLES.has(x.toLowerCase())) &&
        isUpperStart(between.at(-1) ?? 'x')
      )
        return [ws, e];
      return undefined;
    }
    if (!isUpperStart(w) && !ARTICLES.has(w.toLowerCase())) return undefined;
  }
  return undefined;
}
