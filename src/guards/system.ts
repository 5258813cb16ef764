// Puts a guard's system-prompt addition (the canary) into an OpenAI-shaped request body: appended to
// the first system/developer message, or a new system message in front, or Responses `instructions`.

/**
 * Adds `text` to the body's system prompt. Call it after writing masked segments back (a new
 * message shifts the `messages[i]` paths). Returns false when the body has no place for a system
 * prompt (legacy completions, JSON models), in which case nothing was planted.
 *
 * @example
 * const r = await guards.inspectInput(segments, body, scope, roles);
 * if (r.ok && r.systemAddition) applySystemAddition(body, r.systemAddition);
 */
export function applySystemAddition(body: Record<string, unknown>, text: string): boolean {
  if (Array.isArray(body.messages)) {
    const sys = body.messages.find(
      (m): m is Record<string, unknown> =>
        Boolean(m) &&
        typeof m === 'object' &&
        ((m as { role?: unknown }).role === 'system' || (m as { role?: unknown }).role === 'developer'),
    );
    if (sys && typeof sys.content === 'string') {
      sys.content = sys.content ? `${sys.content}\n\n${text}` : text;
      return true;
    }
    if (sys && Array.isArray(sys.content)) {
      sys.content.push({ type: 'text', text });
      return true;
    }
    body.messages.unshift({ role: 'system', content: text });
    return true;
  }
  if (typeof body.input === 'string' || Array.isArray(body.input)) {
    body.instructions =
      typeof body.instructions === 'string' && body.instructions ? `${body.instructions}\n\n${text}` : text;
    return true;
  }
  return false;
}
