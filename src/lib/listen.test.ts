import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { listen } from './listen.ts';

test('a port already in use is a rejected promise naming the cause, not a crash', async () => {
  const first = createServer();
  await listen(first, 0, '127.0.0.1');
  const { port } = first.address() as AddressInfo;
  const second = createServer();
  await assert.rejects(listen(second, port, '127.0.0.1'), (err: NodeJS.ErrnoException) => {
    assert.equal(err.code, 'EADDRINUSE');
    return true;
  });
  // The failed server can still listen elsewhere: its error handler was the promise's, not left behind.
  await listen(second, 0, '127.0.0.1');
  assert.equal(second.listenerCount('error'), 0);
  await new Promise((r) => second.close(r));
  await new Promise((r) => first.close(r));
});
