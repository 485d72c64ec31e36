// Base64 as clients send it. Node's decoders ignore the unused low bits of a last character (and
// padding, and stray characters), so several spellings decode to the same bytes. Anything that
// keys on the text (logs, deny-lists, caches, introspection) must see one token as one string:
// a value is accepted only in the spelling its bytes re-encode to.

/** Whether `text` is exactly the unpadded base64url encoding of what it decodes to. */
export function isCanonicalBase64url(text: string): boolean {
  return Buffer.from(text, 'base64url').toString('base64url') === text;
}
