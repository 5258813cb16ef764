// Splits a server-sent event stream into whole events, however the bytes were chunked on the wire.

export interface SseEvent {
  /** The raw event text including its terminating blank line, forwarded as is unless rewritten. */
  readonly raw: string;
  /** Joined `data:` lines, or undefined for comment/keep-alive events. */
  readonly data: string | undefined;
}

export class SseSplitter {
  #buffer = '';

  /** Feeds a chunk; returns the events it completed. */
  push(chunk: string): SseEvent[] {
    this.#buffer += chunk;
    const out: SseEvent[] = [];
    for (;;) {
      const a = this.#buffer.indexOf('\n\n');
      const b = this.#buffer.indexOf('\r\n\r\n');
      let end: number;
      if (a === -1 && b === -1) break;
      if (b !== -1 && (a === -1 || b < a)) end = b + 4;
      else end = a + 2;
      const raw = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end);
      out.push({ raw, data: dataOf(raw) });
    }
    return out;
  }

  /** Whatever is left when the stream ends (an unterminated last event). */
  rest(): SseEvent | undefined {
    if (!this.#buffer.trim()) return undefined;
    const raw = `${this.#buffer}\n\n`;
    this.#buffer = '';
    return { raw, data: dataOf(raw) };
  }
}

function dataOf(raw: string): string | undefined {
  let data: string | undefined;
  for (const line of raw.split(/\r?\n/)) {
    if (line.startsWith('data:')) {
      const v = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
      data = data === undefined ? v : `${data}\n${v}`;
    }
  }
  return data;
}
