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
// "1600 Pennsylvania Avenue", "72 Cassin Grove", "14046 Alden Motorway"
const EN_TYPES =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|Terrace|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Grove|Gardens|Hill|Hills|Park|Row|Mews|Walk|Circle|Cir|Trail|Motorway|Field|Fields|Green|Heights|Rise|Vale|View|Wharf|Yard|Loop|Alley|Bridge|Causeway|Plaza|Ridge|Path|Pike|Port|Point|Garden|Hollow|Meadow|Meadows|Orchard|Pass|Run|Spring|Springs|Station|Track|Tunnel|Turnpike|Valley|Village|Ville|Vista|Estate|Estates|Junction|Mall|Mill|Mills|Manor|Lodge';
const EN = new RegExp(
  `(?<![\\p{L}\\d])\\d{1,5}[A-Za-z]?\\s{1,2}(?:${NAME_WORD}\\s{1,2}){1,4}(?:${EN_TYPES})\\b\\.?`,
  'gu',
);
// "Hauptstraße 5", "Sürderstr. 22c", "Berliner Straße 12", "Kerkstraat 12", "Am Hemmelrather Hof 1"
const COMPOUND_TYPES =
  'straße|strasse|str.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|hof|straat|laan|plein|gracht|kade|dijk|singel|plantsoen|dreef|pad|steeg|park|berg'.replace(
    /\./g,
    '\\.',
  );
const COMPOUND = new RegExp(
  `(?<![\\p{L}\\d])(?:${NAME_WORD}[ -]){0,2}\\p{Lu}?\\p{Ll}{0,30}(?:${cap(COMPOUND_TYPES)})\\s{1,2}\\d{1,4}(?:\\s?[a-zA-Z]\\b)?(?:\\s(?:I{1,3}|IV|hs|bis))?(?![\\p{L}\\d])`,
  'gu',
);
// "12 rue de la Paix", "72 Boulevard de Seine", "2 Voie d'Argenteuil"
const ARTICLES_FR = "(?:(?:d['’]|de |du |des |la |le |l['’])\\s?){0,2}";
const ROMANCE_NUM_FIRST = new RegExp(
  `(?<![\\p{L}\\d])\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s{1,2}(?:${cap('rue|avenue|av.|boulevard|bd|place|chemin|allée|impasse|quai|route|voie|cours|square|passage|rond-point')})\\s{1,2}${ARTICLES_FR}${NAME_WORD}(?:[ -]${NAME_WORD}){0,3}`,
  'gu',
);
// "Via Roma 10", "Calle Mayor, 5", "Piazza Alba 62", "Arrabal Marisol, 7"
const ARTICLES_ES_IT = '(?:(?:de |del |della |delle |dei |di |la |el |los |las )){0,2}';
const ROMANCE_NUM_LAST = new RegExp(
  `(?<![\\p{L}\\d])(?:${cap('via|viale|piazza|piazzale|corso|largo|vicolo|contrada|borgo|calle|avenida|avda.|paseo|plaza|carrera|camino|carretera|ronda|travesía|arrabal|glorieta|callejón|camino|rambla|c/')})\\s{1,2}${ARTICLES_ES_IT}${NAME_WORD}(?:\\s${NAME_WORD}){0,3},?\\s{1,2}(?:n\\.?\\s?º?\\s?)?\\d{1,4}[a-zA-Z]?(?![\\p{L}\\d])`,
  'gu',
);

/** Street addresses: a house number beside a street name with a street-type word. */
export function findAddresses(text: string): Hit[] {
  const out: Hit[] = [];
  for (const re of [EN, COMPOUND, ROMANCE_NUM_FIRST, ROMANCE_NUM_LAST]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      let end = start + m[0].length;
      while (end > start && (text[end - 1] === ' ' || text[end - 1] === ',')) end--;
      out.push({ start, end, type: 'street_address', score: 0.9, key: text.slice(start, end).toLowerCase() });
    }
  }
  return out;
}
