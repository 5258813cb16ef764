// RFC 9162 Merkle inclusion proofs and the signed-note checkpoint Rekor publishes with them: the
// proof says the logged entry is in a tree of that size and root, the checkpoint says the log signed
// that root.

import { createHash, verify as cryptoVerify, type KeyObject } from 'node:crypto';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** True when `hashes` prove `leaf` (the raw entry body) at `index` in the tree of `size` with `root`. */
export function verifyInclusion(
  leaf: Buffer,
  index: bigint,
  size: bigint,
  hashes: readonly Buffer[],
  root: Buffer,
): boolean {
  if (index < 0n || index >= size || hashes.length > 64) return false;
  let fn = index;
  let sn = size - 1n;
  let r = sha(LEAF, leaf);
  for (const p of hashes) {
    if (p.length !== 32 || sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = sha(NODE, p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else r = sha(NODE, r, p);
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && r.equals(root);
}

/**
 * Checks a signed-note checkpoint (`origin\nsize\nroot\n…\n\n— name sig`): some signature line
 * verifies under `key` (ECDSA/SHA-256 after a 4-byte key hint), and the note states `size` and `root`.
 */
export function verifyCheckpoint(note: string, key: KeyObject, size: bigint, root: Buffer): boolean {
  if (note.length > 64 * 1024) return false;
  const split = note.indexOf('\n\n');
  if (split === -1) return false;
  const body = note.slice(0, split + 1);
  const lines = body.split('\n');
  if (lines.length < 4 || lines[1] !== size.toString() || lines[2] !== root.toString('base64')) return false;
  for (const line of note.slice(split + 2).split('\n')) {
    if (!line.startsWith('\u2014 ')) continue;
    const sp = line.lastIndexOf(' ');
    const raw = Buffer.from(line.slice(sp + 1), 'base64');
    if (raw.length <= 4) continue;
    try {
      if (cryptoVerify('sha256', Buffer.from(body, 'utf8'), key, raw.subarray(4))) return true;
    } catch {
      // not this key's signature
    }
  }
  return false;
}
