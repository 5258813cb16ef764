// signManifest: wrap an OMS statement in a DSSE envelope signed with a PEM key and put it in a
// Sigstore bundle — `publicKey.hint` for the OMS `key` method, `x509CertificateChain` (leaf first)
// for the `certificate` method.

import { sign as cryptoSign, type KeyObject, type X509Certificate } from 'node:crypto';
import { keyHint, parsePrivateKey, signatureDigest, spkiPem } from './keys.ts';
import { splitPemCertificates } from './lib/chain.ts';
import { pae } from './lib/dsse.ts';
import { BUNDLE_MEDIA_TYPE, type Bundle, PAYLOAD_TYPE, type Statement } from './schema.ts';

export interface Signer {
  /** The private key: a KeyObject or PKCS#8 / SEC1 PEM text. */
  readonly key: KeyObject | string;
  /**
   * For the OMS `certificate` method: the signing certificate followed by its intermediates, as PEM
   * text or parsed certificates. The leaf must carry the public half of `key`.
   */
  readonly certChain?: string | readonly X509Certificate[];
}

export type SignResult = { ok: true; bundle: Bundle } | { ok: false; error: string };

/**
 * Signs `statement` and returns the OMS bundle (write it as JSON, conventionally `model.sig`).
 *
 * @example
 * const tree = await hashTree(dir);
 * const m = buildManifest(tree);
 * if (m.ok) { const s = signManifest(m.statement, { key: readFileSync('signing-key.pem', 'utf8') }); }
 */
export function signManifest(statement: Statement, signer: Signer): SignResult {
  let key: KeyObject;
  if (typeof signer.key === 'string') {
    const k = parsePrivateKey(signer.key);
    if (!k.ok) return k;
    key = k.key;
  } else key = signer.key;
  const digest = signatureDigest(key);
  if (!digest.ok) return digest;

  let material: Bundle['verificationMaterial'];
  if (signer.certChain !== undefined) {
    const certs =
      typeof signer.certChain === 'string' ? splitPemCertificates(signer.certChain) : [...signer.certChain];
    if (certs.length === 0) return { ok: false, error: 'the certificate chain holds no certificate' };
    if (spkiPem(certs[0]!.publicKey) !== spkiPem(key))
      return { ok: false, error: 'the first certificate of the chain does not carry the signing key' };
    material = {
      x509CertificateChain: { certificates: certs.map((c) => ({ rawBytes: c.raw.toString('base64') })) },
      tlogEntries: [],
    };
  } else material = { publicKey: { hint: keyHint(key) }, tlogEntries: [] };

  const payload = Buffer.from(JSON.stringify(statement), 'utf8');
  const sig = cryptoSign(digest.digest, pae(PAYLOAD_TYPE, payload), key);
  return {
    ok: true,
    bundle: {
      mediaType: BUNDLE_MEDIA_TYPE,
      verificationMaterial: material,
      dsseEnvelope: {
        payload: payload.toString('base64'),
        payloadType: PAYLOAD_TYPE,
        signatures: [{ sig: sig.toString('base64'), keyid: '' }],
      },
    },
  };
}
