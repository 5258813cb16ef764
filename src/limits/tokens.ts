// Prompt tokens estimated before the call, on the hot path: a linear scan, no tokenizer. About four
// characters of Latin-script text make a token; CJK and other non-Latin characters are about one each.
// Completion tokens are taken from the upstream's usage afterwards, so the estimate only gates.

/** Estimated tokens in a text; never less than the number of words for Latin text. */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) ascii++;
    else if (c >= 0xdc00 && c <= 0xdfff)
      continue; // low surrogate: counted with its high half
    else other++;
  }
  return Math.ceil(ascii / 4) + other;
}
