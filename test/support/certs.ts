// Test support: a throw-away CA with server and client certificates, made with the openssl CLI.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

function ssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** Writes ca.pem, server.pem/server-key.pem (CN=localhost, SAN 127.0.0.1) and client.pem/client-key.pem. */
export function makeCerts(dir: string, clientCn = 'billing-service'): Record<string, string> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  ssl(dir, [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Parapet Test CA',
  ]);
  for (const [name, cn, ext] of [
    ['server', 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    ['client', clientCn, `subjectAltName=URI:spiffe://test/${clientCn}`],
  ] as const) {
    ssl(dir, ['req', ...ec, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
    const extFile = join(dir, `${name}.ext`);
    execFileSync('sh', ['-c', `printf '%s\\n' '${ext}' > ${extFile}`]);
    ssl(dir, [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      extFile,
    ]);
  }
  return {
    ca: join(dir, 'ca.pem'),
    cert: join(dir, 'server.pem'),
    key: join(dir, 'server-key.pem'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client-key.pem'),
  };
}
