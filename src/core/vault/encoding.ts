// Strict base64 decoding. Buffer.from(text, 'base64') silently skips characters it does not know
// and accepts non-canonical trailing bits, so a flipped bit could decode to the same bytes or to
// fewer bytes without a word; vault inputs are refused unless they round-trip exactly.

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes canonical, padded base64; `undefined` when the text is not exactly that. */
export function decodeBase64(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** Decodes canonical, unpadded base64url; `undefined` when the text is not exactly that. */
export function decodeBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
