// Artifact-name patterns for the trust policy: `*` matches any run of characters, `?` one
// character, everything else itself. Iterative with one backtrack point, so O(n·m) at worst on
// bounded names — no regular expression built from operator input.

/** True when `name` matches `pattern`. Both are limited to 512 characters. */
export function globMatch(pattern: string, name: string): boolean {
  if (pattern.length > 512 || name.length > 512) return false;
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const c = pattern[p];
    if (c === '*') {
      starP = p++;
      starN = n;
    } else if (c !== undefined && (c === '?' || c === name[n])) {
      p++;
      n++;
    } else if (starP !== -1) {
      p = starP + 1;
      n = ++starN;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
