// The draw key of draw.ts (HMAC-SHA256 keyed with the seed over the entry ref), computed fast for
// ranking a million entries: SHA-256 in plain JavaScript with the key's inner and outer blocks
// hashed once, so each ref costs two compressions and no native call or object. The same bytes
// as `drawKey`; refs too long for one block (never made by newEntryRef) take the slow path.
import { createHash } from 'node:crypto'
import { drawKey } from './draw.js'

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
])
const IV = new Uint32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
])

/** One SHA-256 compression of the 16 words in w[0..15] into `state` (w is used as the schedule). */
function compress(state: Uint32Array, w: Uint32Array): void {
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15] as number
    const y = w[i - 2] as number
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0
  }
  let a = state[0] as number
  let b = state[1] as number
  let c = state[2] as number
  let d = state[3] as number
  let e = state[4] as number
  let f = state[5] as number
  let g = state[6] as number
  let h = state[7] as number
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + (K[i] as number) + (w[i] as number)) | 0
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
    h = g
    g = f
    f = e
    e = (d + t1) | 0
    d = c
    c = b
    b = a
    a = (t1 + t2) | 0
  }
  state[0] = ((state[0] as number) + a) | 0
  state[1] = ((state[1] as number) + b) | 0
  state[2] = ((state[2] as number) + c) | 0
  state[3] = ((state[3] as number) + d) | 0
  state[4] = ((state[4] as number) + e) | 0
  state[5] = ((state[5] as number) + f) | 0
  state[6] = ((state[6] as number) + g) | 0
  state[7] = ((state[7] as number) + h) | 0
}

/** The state after hashing one 64-byte block: the key XOR pad, hashed once per draw. */
function padState(key: Buffer, pad: number): Uint32Array {
  const w = new Uint32Array(64)
  for (let i = 0; i < 16; i++) {
    let word = 0
    for (let j = 0; j < 4; j++) word = (word << 8) | (((key[i * 4 + j] ?? 0) ^ pad) & 0xff)
    w[i] = word
  }
  const state = new Uint32Array(IV)
  compress(state, w)
  return state
}

/** 8 words of a draw key, compared word by word (unsigned) in the same order as its hex text. */
export type KeyWords = Uint32Array

export function compareKeyWords(a: KeyWords, b: KeyWords): number {
  for (let i = 0; i < 8; i++) {
    const x = a[i] as number
    const y = b[i] as number
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

export const keyWordsToHex = (words: KeyWords) =>
  Array.from(words, (word) => word.toString(16).padStart(8, '0')).join('')

/**
 * A function from ref to its draw key as words, for one seed. The words it returns are reused by the
 * next call (a million refs, no garbage): copy them (`Uint32Array.from`) to keep them.
 */
export function drawKeyer(seed: string): (ref: string) => KeyWords {
  let key = Buffer.from(seed, 'utf8')
  if (key.length > 64) key = createHash('sha256').update(key).digest()
  const inner = padState(key, 0x36)
  const outer = padState(key, 0x5c)
  const w = new Uint32Array(64)
  const state = new Uint32Array(8)
  const slow = (ref: string) => {
    const hex = drawKey(seed, ref)
    return Uint32Array.from({ length: 8 }, (_, i) => Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16))
  }
  return (ref: string) => {
    const n = ref.length
    if (n > 55) return slow(ref)
    w.fill(0, 0, 16)
    for (let i = 0; i < n; i++) {
      const code = ref.charCodeAt(i)
      if (code > 0x7f) return slow(ref)
      w[i >> 2] = (w[i >> 2] as number) | (code << (24 - (i & 3) * 8))
    }
    w[n >> 2] = (w[n >> 2] as number) | (0x80 << (24 - (n & 3) * 8))
    w[15] = (64 + n) * 8
    state.set(inner)
    compress(state, w)
    for (let i = 0; i < 8; i++) w[i] = state[i] as number
    w[8] = 0x80000000
    w.fill(0, 9, 15)
    w[15] = (64 + 32) * 8
    state.set(outer)
    compress(state, w)
    return state
  }
}
