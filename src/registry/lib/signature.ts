// Checks the DSSE signature of an OMS bundle and decides whether its signer is trusted for the
// artifact: `key` (hint or raw key), `certificate` (chain to a trusted root, valid now) and `sigstore`
// (Fulcio leaf chained to configured roots at the log's integration time, and its Rekor entry checked
// in rekor.ts).

import { createPublicKey, verify as cryptoVerify, type KeyObject, X509Certificate } from 'node:crypto';
import { keyHint, signatureDigest, spkiPem } from '../keys.ts';
import { type Bundle, materialOf } from '../schema.ts';
import type { CertificateTrust, TrustedSigner, TrustPolicy } from '../trust.ts';
import { oneLine, verifyChain } from './chain.ts';
import { pae } from './dsse.ts';
import { globMatch } from './glob.ts';
import { checkTlogEntry } from './rekor.ts';

export type Method = 'key' | 'certificate' | 'sigstore';

export type SignatureProblem =
  | { readonly kind: 'signature_invalid'; readonly message: string }
  | { readonly kind: 'signer_untrusted'; readonly message: string };

export interface SignatureCheck {
  readonly method: Method;
  /** The trusted signer that vouches for the bundle, when one does. */
  readonly signer?: { readonly name: string; readonly identity: string };
  readonly problems: SignatureProblem[];
  readonly notes: string[];
}

/** Verifies the envelope's signatures against `trust` for the artifact named `artifact`. */
export function checkSignature(
  bundle: Bundle,
  trust: TrustPolicy,
  artifact: string,
  now: Date,
): SignatureCheck {
  const env = bundle.dsseEnvelope;
  const signed = pae(env.payloadType, Buffer.from(env.payload, 'base64'));
  const sigs = env.signatures.map((s) => Buffer.from(s.sig, 'base64'));
  const vm = materialOf(bundle);
  const verifies = (key: KeyObject) => sigs.some((s) => safeVerify(key, signed, s));

  if (vm.method === 'key') {
    const embedded = vm.rawBytes ? rawKey(vm.rawBytes) : undefined;
    const candidates = trust.signers.filter(
      (s) =>
        s.publicKey &&
        (vm.hint ? vm.hint === keyHint(s.publicKey) : embedded && spkiPem(embedded) === spkiPem(s.publicKey)),
    );
    for (const s of candidates) {
      if (verifies(s.publicKey!))
        return authorise('key', s, `key ${keyHint(s.publicKey!).slice(0, 16)}`, artifact, []);
    }
    if (candidates.length > 0)
      return fail(
        'key',
        'signature_invalid',
        `the signature does not verify with trusted key "${candidates[0]!.name}"`,
      );
    if (embedded && !verifies(embedded))
      return fail('key', 'signature_invalid', 'the signature does not verify with the key in the bundle');
    const id = vm.hint ?? (embedded ? keyHint(embedded) : 'unknown');
    return fail(
      'key',
      'signer_untrusted',
      `signed by key ${id.slice(0, 16)}…, which the trust policy does not list`,
    );
  }

  const method: Method = vm.method;
  let chain: X509Certificate[];
  try {
    const raw = vm.method === 'certificate' ? vm.certificates : [vm.certificate];
    chain = raw.map((c) => new X509Certificate(Buffer.from(c, 'base64')));
  } catch (err) {
    return fail(
      method,
      'signature_invalid',
      `unparseable certificate: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const leaf = chain[0]!;
  if (signatureDigest(leaf.publicKey).ok === false || !verifies(leaf.publicKey))
    return fail(
      method,
      'signature_invalid',
      `the signature does not verify with the certificate of ${oneLine(leaf.subject)}`,
    );

  const notes: string[] = [];
  let at = now;
  if (vm.method === 'sigstore') {
    if (vm.integratedTimes.length > 0) at = new Date(Math.min(...vm.integratedTimes) * 1000);
    notes.push(
      'sigstore: Rekor signed entry timestamp checked; the Merkle inclusion proof was not recomputed',
    );
  }
  const identity = `${oneLine(leaf.subject) || '(empty subject)'}${leaf.subjectAltName ? ` [${leaf.subjectAltName}]` : ''}`;
  const reasons: string[] = [];
  for (const s of trust.signers) {
    const rule: CertificateTrust | undefined = method === 'certificate' ? s.certificate : s.sigstore;
    if (!rule) continue;
    const c = verifyChain(chain, rule.roots, at);
    if (!c.ok) {
      reasons.push(`${s.name}: ${c.error}`);
      continue;
    }
    if (rule.subject !== undefined && oneLine(leaf.subject) !== rule.subject) {
      reasons.push(`${s.name}: subject ${oneLine(leaf.subject)} is not ${rule.subject}`);
      continue;
    }
    if (rule.san !== undefined && !sanEntries(leaf).includes(rule.san)) {
      reasons.push(`${s.name}: no subjectAltName equals ${rule.san}`);
      continue;
    }
    if (vm.method === 'sigstore') {
      const payload = Buffer.from(env.payload, 'base64');
      const sigText = env.signatures.map((x) => x.sig);
      const why = vm.tlogEntries
        .map((e) => checkTlogEntry(e, rule.tlogKeys ?? new Map(), payload, sigText, leaf))
        .find((w) => w !== undefined);
      if (why !== undefined || vm.tlogEntries.length === 0) {
        reasons.push(`${s.name}: transparency log: ${why ?? 'no entry'}`);
        continue;
      }
    }
    return authorise(method, s, identity, artifact, notes);
  }
  return {
    method,
    problems: [
      {
        kind: 'signer_untrusted',
        message: `certificate ${identity} is not trusted${reasons.length ? `: ${reasons.join('; ')}` : ': the trust policy has no certificate signers'}`,
      },
    ],
    notes,
  };
}

function authorise(
  method: Method,
  s: TrustedSigner,
  identity: string,
  artifact: string,
  notes: string[],
): SignatureCheck {
  const signer = { name: s.name, identity };
  if (!s.artifacts.some((p) => globMatch(p, artifact)))
    return {
      method,
      signer,
      problems: [
        { kind: 'signer_untrusted', message: `signer "${s.name}" may not sign artifact "${artifact}"` },
      ],
      notes,
    };
  return { method, signer, problems: [], notes };
}

function fail(method: Method, kind: SignatureProblem['kind'], message: string): SignatureCheck {
  return { method, problems: [{ kind, message }], notes: [] };
}

/** Verifies `sig` over `data` with the digest the key's algorithm calls for; false on any error. */
export function safeVerify(key: KeyObject, data: Buffer, sig: Buffer): boolean {
  const d = signatureDigest(key);
  if (!d.ok) return false;
  try {
    return cryptoVerify(d.digest, data, key, sig);
  } catch {
    return false;
  }
}

/** Pre-v1.1 bundles carry the key itself: base64 of a PEM text (the reference tool) or of DER. */
function rawKey(b64: string): KeyObject | undefined {
  const bytes = Buffer.from(b64, 'base64');
  try {
    const text = bytes.toString('utf8');
    if (text.includes('-----BEGIN')) return createPublicKey(text);
    return createPublicKey({ key: bytes, format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

function sanEntries(c: X509Certificate): string[] {
  const san = c.subjectAltName;
  if (!san) return [];
  return san.split(', ').flatMap((e) => {
    const i = e.indexOf(':');
    return i === -1 ? [e] : [e, e.slice(i + 1)];
  });
}
