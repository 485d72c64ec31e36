// Deterministic token tampering for tests (no chance involved).
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same bytes spelled differently: flips an unused low bit of the last base64url character. */
export function otherSpelling(segment: string): string {
  const last = ALPHABET.indexOf(segment.at(-1)!);
  return segment.slice(0, -1) + ALPHABET[last ^ 1];
}

/** A real change: one byte of the decoded segment flipped, re-encoded canonically. */
export function flipByte(segment: string, index = 0): string {
  const bytes = Buffer.from(segment, 'base64url');
  bytes[index] ^= 0x01;
  return bytes.toString('base64url');
}
