// Picks a file's format from its first bytes, never from its name.

export type Kind = 'zip' | 'npy' | 'safetensors' | 'gguf' | 'hdf5' | 'tar' | 'onnx' | 'other';

import { looksLikeOnnx, SAFETENSORS_MAX_HEADER } from './formats.ts';

/** Classify by content. `head` is the first (up to) 512 bytes; `size` the whole length. */
export function detect(head: Buffer, size: number): Kind {
  if (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 3 || head[2] === 5) &&
    head[3] === head[2] + 1
  )
    return 'zip';
  if (head.length >= 6 && head[0] === 0x93 && head.toString('latin1', 1, 6) === 'NUMPY') return 'npy';
  if (head.length >= 4 && head.toString('latin1', 0, 4) === 'GGUF') return 'gguf';
  if (head.length >= 8 && head.toString('latin1', 0, 8) === '\x89HDF\r\n\x1a\n') return 'hdf5';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  if (head.length >= 9 && head[8] === 0x7b) {
    const n = head.readBigUInt64LE(0);
    if (n >= 2n && n <= BigInt(Math.max(SAFETENSORS_MAX_HEADER * 10, size))) return 'safetensors';
  }
  if (looksLikeOnnx(head)) return 'onnx';
  return 'other';
}
