// Text taken out of other formats: prose paragraphs of Markdown, cells of Markdown tables, and the
// string constants of Python classes (AgentDojo keeps its task prompts there).

/** Inline Markdown and HTML reduced to its words. */
export function stripInline(s: string): string {
  return s
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;

/**
 * Prose units of a Markdown document: paragraphs and list items, without headings, tables, code,
 * block quotes, front matter or HTML blocks, each at least `minChars` long once inline markup is gone.
 */
export function markdownParagraphs(md: string, minChars = 60): string[] {
  const text = md
    .replace(/\r\n?/g, '\n')
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  const units: string[] = [];
  let cur: string[] = [];
  const flush = () => {
    if (cur.length > 0) units.push(cur.join(' '));
    cur = [];
  };
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || /^#{1,6}\s/.test(t) || t.startsWith('|') || t.startsWith('>') || /^<\/?\w/.test(t)) {
      flush();
      continue;
    }
    if (/^([-*_=])\1{2,}$/.test(t)) {
      flush();
      continue;
    }
    if (LIST_ITEM.test(line)) flush();
    cur.push(t.replace(LIST_ITEM, ''));
  }
  flush();
  return units.map(stripInline).filter((u) => u.length >= minChars);
}

/** Cells of column `col` (0-based) of every Markdown table row, split at `<br>`. */
export function markdownTableCells(md: string, col: number): string[] {
  const out: string[] = [];
  for (const line of md.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('|') || /^\|[\s:|-]+\|?$/.test(t)) continue;
    const cells = t.replace(/^\||\|$/g, '').split('|');
    const cell = cells[col];
    if (cell !== undefined) out.push(...cell.split(/<br\s*\/?>/i));
  }
  return out.map(stripInline);
}

/** Class name → its class-level string constants (f-strings resolved against the class, then the module). */
export type PyClasses = Map<string, Map<string, string>>;

const STRING_START = /^([rRfFbBuU]{0,2})("""|'''|"|')/;

/** Reads a run of adjacent string literals (with parentheses and line joins between) from `src` at `pos`. */
function readStrings(src: string, pos: number): { parts: { text: string; f: boolean }[]; end: number } {
  const parts: { text: string; f: boolean }[] = [];
  for (;;) {
    while (pos < src.length && /[\s()\\]/.test(src[pos]!)) pos++;
    const m = STRING_START.exec(src.slice(pos, pos + 5));
    if (!m) return { parts, end: pos };
    const prefix = m[1]!.toLowerCase();
    const quote = m[2]!;
    let i = pos + m[0].length;
    let body = '';
    while (i < src.length && !src.startsWith(quote, i)) {
      if (src[i] === '\\' && !prefix.includes('r')) {
        body += unescape(src[i + 1]!);
        i += 2;
      } else body += src[i++];
    }
    parts.push({ text: body, f: prefix.includes('f') });
    pos = i + quote.length;
  }
}

function unescape(c: string): string {
  return c === 'n' ? '\n' : c === 't' ? '\t' : c === '\n' ? '' : c;
}

const ASSIGN = /^( {0,4})([A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*(?=[rRfFbBuU]{0,2}["'(])/gm;

/**
 * String constants of a Python module's classes and top level. Only literal strings (and implicit
 * concatenations of them) count; `{NAME}` in f-strings is filled from the same class or the module,
 * and a constant with any other `{…}` left is dropped.
 */
export function pythonStringConstants(src: string): { classes: PyClasses; module: Map<string, string> } {
  const classes: PyClasses = new Map();
  const module = new Map<string, string>();
  const classAt: { pos: number; name: string }[] = [];
  for (const m of src.matchAll(/^class\s+(\w+)/gm)) classAt.push({ pos: m.index, name: m[1]! });
  const classOf = (pos: number) => classAt.filter((c) => c.pos < pos).at(-1)?.name;
  for (const m of src.matchAll(ASSIGN)) {
    const indent = m[1]!.length;
    const { parts } = readStrings(src, m.index + m[0].length);
    if (parts.length === 0) continue;
    const owner = indent === 0 ? undefined : classOf(m.index);
    if (indent === 4 && !owner) continue;
    const scope = owner ? (classes.get(owner) ?? new Map<string, string>()) : module;
    if (owner) classes.set(owner, scope);
    const value = parts
      .map((p) => (p.f ? fill(p.text, scope, module) : p.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}')))
      .join('');
    if (!value.includes('\u0000')) scope.set(m[2]!, value);
  }
  return { classes, module };
}

function fill(text: string, scope: Map<string, string>, module: Map<string, string>): string {
  return text
    .replace(/\{\{/g, '\u0001')
    .replace(/\}\}/g, '\u0002')
    .replace(
      /\{([A-Za-z_]\w*)(?:![rs])?\}/g,
      (_all, name: string) => scope.get(name) ?? module.get(name) ?? '\u0000',
    )
    .replace(/\{[^}]*\}/g, '\u0000')
    .replace(/\u0001/g, '{')
    .replace(/\u0002/g, '}');
}
