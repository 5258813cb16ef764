// Reads a request body with a hard size limit. Over the limit, reading stops at once and the caller
// answers 413; the client's declared Content-Length is checked before a byte is read.

import type { IncomingMessage } from 'node:http';
import { deny, fail, ok, type Result } from '../errors/index.ts';

export function readBody(req: IncomingMessage, limit: number): Promise<Result<Buffer>> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(fail(deny('request.too_large', `The body exceeds the ${limit}-byte limit.`)));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: Result<Buffer>) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.resume();
        finish(fail(deny('request.too_large', `The body exceeds the ${limit}-byte limit.`)));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(ok(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size))));
    req.once('error', () => finish(fail(deny('request.invalid', 'The request body could not be read.'))));
    req.once('aborted', () => finish(fail(deny('request.invalid', 'The client aborted the request.'))));
  });
}

/** Parses a JSON object body; the error says where parsing failed. */
export function parseJsonObject(body: Buffer): Result<Record<string, unknown>> {
  if (body.length === 0)
    return fail(deny('request.invalid', 'The request body is empty; expected a JSON object.'));
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return fail(deny('request.invalid', `The request body is not valid JSON: ${(err as Error).message}`));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail(deny('request.invalid', 'The request body must be a JSON object.'));
  }
  return ok(value as Record<string, unknown>);
}
