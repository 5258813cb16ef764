// The listener: HTTP, or HTTPS (TLS 1.2+) with certificate files reloaded when they change and
// optional client certificates for mutual TLS. Timeouts bound every phase of a client's request.

import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/index.ts';
import type { GatewayDeps } from './deps.ts';
import { handle } from './pipeline.ts';
import { listen as listenOn } from '../lib/listen.ts';

export interface Listening {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(deps: GatewayDeps, cfg: Config['listen']): Promise<Listening> {
  const timeouts = {
    headersTimeout: cfg.headersTimeout,
    requestTimeout: cfg.requestTimeout,
    keepAliveTimeout: cfg.keepAliveTimeout,
  };
  const onRequest = (req: Parameters<typeof handle>[1], res: Parameters<typeof handle>[2]) => {
    void handle(deps, req, res);
  };
  let server: Server;
  let stopWatching = () => {};
  if (cfg.tls) {
    const tls = cfg.tls;
    const material = () => ({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) });
    const https = createHttps(
      {
        ...timeouts,
        ...material(),
        minVersion: tls.minVersion,
        ...(tls.clientCa
          ? { ca: readFileSync(tls.clientCa), requestCert: true, rejectUnauthorized: false }
          : {}),
      },
      onRequest,
    );
    const reload = () => {
      try {
        https.setSecureContext({
          ...material(),
          minVersion: tls.minVersion,
          ...(tls.clientCa ? { ca: readFileSync(tls.clientCa) } : {}),
        });
        deps.log?.info({ cert: tls.cert }, 'TLS certificate reloaded');
      } catch (err) {
        deps.log?.error({ err, cert: tls.cert }, 'TLS certificate reload failed; keeping the previous one');
      }
    };
    watchFile(tls.cert, { interval: 1000 }, reload);
    watchFile(tls.key, { interval: 1000 }, reload);
    stopWatching = () => {
      unwatchFile(tls.cert, reload);
      unwatchFile(tls.key, reload);
    };
    server = https as unknown as Server;
  } else {
    server = createHttp(timeouts, onRequest);
  }
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await listenOn(server, cfg.port, cfg.host);
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: `${cfg.tls ? 'https' : 'http'}://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        stopWatching();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
