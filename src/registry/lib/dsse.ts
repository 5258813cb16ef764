// DSSE v1 pre-authentication encoding (secure-systems-lab/dsse protocol.md): what is actually signed,
// so a signature over a payload can never be replayed as a signature over another payload type.

/** `DSSEv1 <len(type)> <type> <len(body)> <body>`, lengths in bytes, in ASCII decimal. */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'ascii'),
    type,
    Buffer.from(` ${payload.length} `, 'ascii'),
    payload,
  ]);
}
