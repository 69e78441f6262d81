/**
 * Deterministic ids. A pure-JS SHA-256 (no node:crypto, no WebCrypto: this package also runs in
 * the browser and WebCrypto is async) feeds every id the interpreter creates, so a replay of the
 * same signals yields the same ids and downstream deduplication (JetStream message ids, the
 * deliveries ledger) holds.
 */

// First 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4).
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const INITIAL_STATE = new Uint32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

// Scratch space reused by every call (the function never yields): a dry run over a million
// instances hashes several million ids, and fresh arrays per call cost as much as the hashing.
const W = new Uint32Array(64);
const STATE = new Uint32Array(8);
let block = new Uint8Array(256);
let blockView = new DataView(block.buffer);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Writes the UTF-8 bytes of `text` into `out` (at least 3 bytes per UTF-16 unit); answers the
 * length. A lone surrogate becomes U+FFFD, as TextEncoder and Buffer do.
 */
function encodeUtf8(text: string, out: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        code = 0xfffd;
      }
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      code = 0xfffd;
    }
    if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      out[n++] = 0xe0 | (code >> 12);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    } else {
      out[n++] = 0xf0 | (code >> 18);
      out[n++] = 0x80 | ((code >> 12) & 0x3f);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    }
  }
  return n;
}

/** SHA-256 of the UTF-8 encoding of `text`, as 64 lowercase hex characters. */
export function sha256Hex(text: string): string {
  // Message + 0x80 + zero padding + 64-bit big-endian bit length, to a multiple of 64 bytes.
  const bound = Math.ceil((text.length * 3 + 9) / 64) * 64;
  if (bound > block.length) {
    block = new Uint8Array(bound);
    blockView = new DataView(block.buffer);
  }
  const length = encodeUtf8(text, block);
  const paddedLength = Math.ceil((length + 9) / 64) * 64;
  block.fill(0, length, paddedLength);
  block[length] = 0x80;
  blockView.setUint32(paddedLength - 8, Math.floor(length / 0x20000000));
  blockView.setUint32(paddedLength - 4, (length * 8) >>> 0);

  STATE.set(INITIAL_STATE);
  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let t = 0; t < 16; t++) W[t] = blockView.getUint32(offset + t * 4);
    for (let t = 16; t < 64; t++) {
      const x = W[t - 15];
      const y = W[t - 2];
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) >>> 0;
    }
    let a = STATE[0];
    let b = STATE[1];
    let c = STATE[2];
    let d = STATE[3];
    let e = STATE[4];
    let f = STATE[5];
    let g = STATE[6];
    let h = STATE[7];
    for (let t = 0; t < 64; t++) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const choice = (e & f) ^ (~e & g);
      const temp1 = (h + s1 + choice + K[t] + W[t]) >>> 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const majority = (a & b) ^ (a & c) ^ (b & c);
      const temp2 = (s0 + majority) >>> 0;
      h = g;
      g = f;
      f = e;
      e = (d + temp1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (temp1 + temp2) >>> 0;
    }
    STATE[0] += a;
    STATE[1] += b;
    STATE[2] += c;
    STATE[3] += d;
    STATE[4] += e;
    STATE[5] += f;
    STATE[6] += g;
    STATE[7] += h;
  }
  let hex = '';
  for (let i = 0; i < 8; i++) {
    const word = STATE[i];
    hex += HEX[word >>> 24] + HEX[(word >>> 16) & 0xff] + HEX[(word >>> 8) & 0xff] + HEX[word & 0xff];
  }
  return hex;
}

function rotr(value: number, bits: number): number {
  return (value >>> bits) | (value << (32 - bits));
}

/**
 * The exactly-once key of a send (SEMANTICS.md "Sending"): the same instance, node and visit
 * always give the same key, so a re-published intent is recognised as the same message.
 */
export function sendKey(instanceId: string, nodeId: string, visit: number): string {
  return sha256Hex(`${instanceId}|${nodeId}|${visit}`).slice(0, 32);
}

/**
 * A deterministic id: `<prefix>_` + 32 hex chars of sha256 of the parts joined by `|`.
 * The prefix keeps ids readable in logs (`tmr_...` is a timer, `tok_...` a token).
 */
export function deriveId(prefix: string, ...parts: ReadonlyArray<string | number>): string {
  return `${prefix}_${sha256Hex(parts.join('|')).slice(0, 32)}`;
}

/** Id of the token created by the `seq`-th id allocation of an instance. */
export function tokenId(instanceId: string, seq: number): string {
  return deriveId('tok', instanceId, 'token', seq);
}

/** Id of a wait (one per node visit that waits). */
export function waitId(instanceId: string, seq: number): string {
  return deriveId('wait', instanceId, 'wait', seq);
}

/** Id of a timer; also the JetStream message id of its `timer fired` message. */
export function timerId(instanceId: string, seq: number): string {
  return deriveId('tmr', instanceId, 'timer', seq);
}

/**
 * Id of a timer effect. `occasion` distinguishes a re-schedule (early delivery) from the first
 * schedule, since JetStream would drop a second message with the same id.
 */
export function timerEffectId(
  instanceId: string,
  action: 'schedule' | 'cancel',
  timer: string,
  occasion = '',
): string {
  return deriveId('eff', instanceId, action, timer, occasion);
}
