import type { ImagePart } from '../model/content';
import type { TokenFamily } from './families';

/**
 * Image tokens by each provider's own rule (WIRE.md "Images"), never from the base64 length: a
 * 2 MB PNG costs OpenAI at most a few hundred tokens, while its base64 would count as ~700k.
 *
 * - OpenAI (tile rule of GPT-4o-class models): `low` detail costs 85 tokens; otherwise the image
 *   is scaled to fit 2048 × 2048, then its short side to 768, and costs 85 + 170 per 512-px tile.
 * - Anthropic: the image is scaled so its long edge is at most 1568 px and its area at most
 *   ~1.15 megapixels, and costs about width × height / 750 tokens.
 * - Other servers (vLLM): unknown; the larger of the two rules, so routing never underestimates.
 *
 * Dimensions come from the image's own header (PNG, JPEG, GIF, WebP) for inline images; an image
 * given by URL, or whose header cannot be read, is taken as 1024 × 1024.
 */

export interface ImageSize {
  width: number;
  height: number;
}

/** What an image is assumed to measure when its size cannot be known without fetching it. */
export const DEFAULT_IMAGE_SIZE: Readonly<ImageSize> = { width: 1024, height: 1024 };

/** Base64 characters decoded to find a JPEG's size: its frame header comes after the metadata. */
const HEADER_BASE64_CHARS = 256 * 1024;

/** The size of an image part, from its inline bytes' header when it has them. */
export function imageSize(part: ImagePart): ImageSize {
  if (part.source.kind !== 'base64') return DEFAULT_IMAGE_SIZE;
  const head = part.source.data.slice(0, HEADER_BASE64_CHARS);
  const bytes = Buffer.from(head.slice(0, head.length - (head.length % 4)), 'base64');
  return readImageSize(bytes) ?? DEFAULT_IMAGE_SIZE;
}

/** Tokens an image costs a model of `family`. */
export function imageTokens(size: ImageSize, family: TokenFamily, detail: ImagePart['detail']): number {
  switch (family) {
    case 'o200k':
    case 'cl100k':
      return openaiImageTokens(size, detail);
    case 'anthropic':
      return anthropicImageTokens(size);
    default:
      return Math.max(openaiImageTokens(size, detail), anthropicImageTokens(size));
  }
}

export function openaiImageTokens({ width, height }: ImageSize, detail: ImagePart['detail']): number {
  if (detail === 'low') return 85;
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shortSide = Math.min(w, h);
  if (shortSide > 768) {
    const scale = 768 / shortSide;
    w *= scale;
    h *= scale;
  }
  return 85 + 170 * Math.ceil(w / 512) * Math.ceil(h / 512);
}

export function anthropicImageTokens({ width, height }: ImageSize): number {
  let scale = Math.min(1, 1568 / Math.max(width, height));
  const area = width * height * scale * scale;
  if (area > 1_150_000) scale *= Math.sqrt(1_150_000 / area);
  return Math.ceil((width * scale * (height * scale)) / 750);
}

/** Width and height from a PNG, GIF, WebP or JPEG header, or undefined for anything else. */
export function readImageSize(bytes: Uint8Array): ImageSize | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString('latin1', 12, 16) === 'IHDR') {
    return sized(b.readUInt32BE(16), b.readUInt32BE(20));
  }
  if (b.length >= 10 && b.toString('latin1', 0, 4) === 'GIF8') return sized(b.readUInt16LE(6), b.readUInt16LE(8));
  if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return webpSize(b);
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b);
  return undefined;
}

function webpSize(b: Buffer): ImageSize | undefined {
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return sized(1 + b.readUIntLE(24, 3), 1 + b.readUIntLE(27, 3));
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = b.readUInt32LE(21);
    return sized(1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff));
  }
  if (chunk === 'VP8 ' && b.length >= 30) return sized(b.readUInt16LE(26) & 0x3fff, b.readUInt16LE(28) & 0x3fff);
  return undefined;
}

/** Walks the JPEG markers to the first start-of-frame, which holds the size. */
function jpegSize(b: Buffer): ImageSize | undefined {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2; // markers without a length
      continue;
    }
    const length = b.readUInt16BE(at + 2);
    const startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (startOfFrame) return sized(b.readUInt16BE(at + 7), b.readUInt16BE(at + 5));
    if (length < 2) return undefined;
    at += 2 + length;
  }
  return undefined;
}

function sized(width: number, height: number): ImageSize | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}
