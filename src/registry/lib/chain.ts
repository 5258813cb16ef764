// X.509 path validation for the OMS `certificate` method (and the Fulcio certificate of the
// `sigstore` method): from the leaf through the bundle's intermediates to an operator-trusted anchor,
// checking each signature, validity period and CA flag, and a code-signing leaf.

import { X509Certificate } from 'node:crypto';

const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const ANY_EKU = '2.5.29.37.0';
const MAX_DEPTH = 8;

/** Every certificate in a PEM text, in order. Non-certificate blocks are skipped. */
export function splitPemCertificates(pem: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  const begin = '-----BEGIN CERTIFICATE-----';
  const end = '-----END CERTIFICATE-----';
  let i = pem.indexOf(begin);
  while (i !== -1) {
    const j = pem.indexOf(end, i);
    if (j === -1) break;
    out.push(new X509Certificate(pem.slice(i, j + end.length)));
    i = pem.indexOf(begin, j);
  }
  return out;
}

export type ChainResult = { ok: true; anchor: X509Certificate } | { ok: false; error: string };

/**
 * Validates `chain[0]` (the leaf) up to one of `anchors`, using `chain[1..]` and the anchors as
 * possible issuers. Every certificate on the path must be valid at `at`.
 */
export function verifyChain(
  chain: readonly X509Certificate[],
  anchors: readonly X509Certificate[],
  at: Date,
): ChainResult {
  const leaf = chain[0];
  if (!leaf) return { ok: false, error: 'no certificate' };
  if (anchors.length === 0) return { ok: false, error: 'no trusted root certificate configured' };
  const eku = leaf.keyUsage;
  if (eku && eku.length > 0 && !eku.includes(CODE_SIGNING) && !eku.includes(ANY_EKU))
    return { ok: false, error: `leaf certificate (${leaf.subject}) is not for code signing` };
  const anchorPrints = new Set(anchors.map((a) => a.fingerprint256));
  const pool = [...chain.slice(1), ...anchors];
  let current = leaf;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const v = validAt(current, at);
    if (v) return { ok: false, error: v };
    if (anchorPrints.has(current.fingerprint256)) return { ok: true, anchor: current };
    if (depth > 0 && !current.ca)
      return { ok: false, error: `${current.subject} is not a CA but issued a certificate` };
    const issuer = pool.find((c) => current.checkIssued(c) && safeVerify(current, c));
    if (!issuer)
      return {
        ok: false,
        error: `no trusted issuer for ${oneLine(current.subject)} (issuer ${oneLine(current.issuer)})`,
      };
    if (issuer.fingerprint256 === current.fingerprint256)
      return { ok: false, error: `self-signed ${oneLine(current.subject)} is not trusted` };
    current = issuer;
  }
  return { ok: false, error: 'certificate chain too long' };
}

function safeVerify(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function validAt(c: X509Certificate, at: Date): string | undefined {
  if (at < c.validFromDate)
    return `${oneLine(c.subject)} is not valid before ${c.validFromDate.toISOString()}`;
  if (at > c.validToDate) return `${oneLine(c.subject)} expired ${c.validToDate.toISOString()}`;
  return undefined;
}

/** Certificate subjects come with newlines between RDNs; show them on one line. */
export function oneLine(dn: string | undefined): string {
  return (dn ?? '').split('\n').join(', ');
}
