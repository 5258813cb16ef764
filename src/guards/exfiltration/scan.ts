// Finds URLs a rendered answer would fetch or offer: markdown images and links (inline and
// reference definitions) and HTML src/href attributes. One forward pass; bounded lookups.

export interface UrlHit {
  readonly start: number;
  readonly end: number;
  readonly url: string;
  /** Images (and other auto-loading elements) fetch without a click. */
  readonly kind: 'image' | 'link';
}

const MAX_URL = 4096;
const MAX_LABEL = 1000;

/** The URL starting at `i` (after optional spaces and `<`), or undefined when its host is still unfinished. */
function readUrl(text: string, i: number): { url: string; end: number } | undefined {
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '<') i++;
  const start = i;
  while (i < text.length && i - start < MAX_URL) {
    const c = text[i]!;
    if (c === ')' || c === '>' || c === '"' || c === "'" || c <= ' ') break;
    i++;
  }
  const url = text.slice(start, i);
  if (!url) return undefined;
  // In a stream the rest may not have arrived: a URL must end before the text does, unless its host is complete.
  if (i >= text.length && !/^[a-z][a-z0-9+.-]{0,15}:\/\/[^/?#]{1,253}[/?#]/i.test(url)) return undefined;
  return { url, end: i };
}

const TAG =
  /<(img|image|iframe|frame|script|link|source|video|audio|embed|object|track|input|a|form|area|base)\b/gi;
const ATTR =
  /\b(src|href|srcset|poster|data|action|formaction|background)\s{0,5}=\s{0,5}(?:"([^"]{0,4096})"|'([^']{0,4096})'|([^\s"'>]{1,4096}))/gi;
/** Only absolute and protocol-relative URLs can reach another host. */
const ABSOLUTE = /^\s{0,16}(?:[a-z][a-z0-9+.-]{0,31}:|\/\/)/i;
const LINK_TAGS = new Set(['a', 'form', 'area', 'base']);

/** Every image or link URL in markdown or HTML in `text`. */
export function findUrls(text: string): UrlHit[] {
  const out: UrlHit[] = [];
  let open = -1;
  let imageOpen = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') {
      open = i;
      if (text[i - 1] === '!') imageOpen = i - 1;
    } else if (c === ']' && open !== -1 && i - open <= MAX_LABEL) {
      if (text[i + 1] === '(') {
        const u = readUrl(text, i + 2);
        const image = imageOpen !== -1 && i - imageOpen <= MAX_LABEL;
        if (u) {
          const end = text[u.end] === ')' ? u.end + 1 : u.end;
          out.push({ start: image ? imageOpen : open, end, url: u.url, kind: image ? 'image' : 'link' });
          i = u.end - 1;
        }
        open = imageOpen = -1;
      } else if (text[i + 1] === ':') {
        // Reference definition `[id]: url`, used by `![alt][id]`: treated as an image (it may auto-load).
        const u = readUrl(text, i + 2);
        if (u) {
          out.push({ start: open, end: u.end, url: u.url, kind: 'image' });
          i = u.end - 1;
        }
        open = imageOpen = -1;
      }
    }
  }
  TAG.lastIndex = 0;
  let gt = -1;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    if (gt !== -2 && gt < m.index) {
      const k = text.indexOf('>', m.index);
      gt = k === -1 ? -2 : k;
    }
    const stop = Math.min(gt < 0 ? text.length : gt, m.index + MAX_URL + 64);
    const attrs = text.slice(m.index, stop);
    const kind = LINK_TAGS.has(m[1]!.toLowerCase()) ? 'link' : 'image';
    ATTR.lastIndex = 0;
    for (let a = ATTR.exec(attrs); a; a = ATTR.exec(attrs)) {
      const value = a[2] ?? a[3] ?? a[4] ?? '';
      const closed = a[4] === undefined || m.index + a.index + a[0].length < text.length;
      if (!closed) continue;
      const urls =
        a[1]!.toLowerCase() === 'srcset'
          ? value.split(',').map((p) => p.trim().split(/\s/)[0] ?? '')
          : [value];
      for (const url of urls)
        if (ABSOLUTE.test(url))
          out.push({ start: m.index, end: stop + (gt >= 0 && gt === stop ? 1 : 0), url, kind });
    }
    TAG.lastIndex = Math.max(stop, TAG.lastIndex);
  }
  return out;
}
