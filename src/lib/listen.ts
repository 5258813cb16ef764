// Starting a server on a port, with the port's failure (in use, not permitted) as a rejected promise
// the caller can turn into a clear message, not an unhandled 'error' event that kills the process.

import type { Server } from 'node:net';

/** Listens on `port` and `host`; rejects with the listen error (e.g. EADDRINUSE) instead of throwing it as an event. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
