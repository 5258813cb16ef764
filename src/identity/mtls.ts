// Mutual TLS as an identity: a verified client certificate's subject CN or a SAN entry is mapped to an
// identity declared in config. Unverified certificates identify nobody.

import type { TLSSocket } from 'node:tls';
import type { MtlsIdentityConfig } from '../config/index.ts';
import type { Identity } from './types.ts';

/** Returns the identity for the socket's verified client certificate, or undefined. */
export function identifyCertificate(
  socket: TLSSocket,
  table: readonly MtlsIdentityConfig[],
): Identity | undefined {
  if (!socket.authorized) return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return undefined;
  const names = new Set<string>();
  const cn = cert.subject?.CN;
  if (typeof cn === 'string') names.add(cn);
  for (const san of (cert.subjectaltname ?? '').split(', ')) if (san) names.add(san);
  const entry = table.find((e) => names.has(e.match));
  if (!entry) return undefined;
  return { kind: 'mtls', id: entry.id, roles: entry.roles, models: entry.models, tenant: entry.tenant };
}
