import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImagePart } from '../../../src/core/model/content';
import { anthropicImageTokens, DEFAULT_IMAGE_SIZE, imageSize, imageTokens, openaiImageTokens, readImageSize } from '../../../src/core/tokens/images';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/images', name));
const inline = (name: string, mediaType: string, detail?: ImagePart['detail']): ImagePart => ({
  type: 'image',
  source: { kind: 'base64', mediaType, data: fixture(name).toString('base64') },
  ...(detail && { detail }),
});

describe('image tokens', () => {
  // Files made with ImageMagick and cwebp (test/fixtures/images); sizes as `file` reports them.
  for (const [name, width, height] of [
    ['red.png', 37, 23],
    ['gradient.jpg', 1500, 900],
    ['progressive.jpg', 300, 200],
    ['green.gif', 640, 480],
    ['orange.webp', 301, 199],
    ['wide.webp', 2000, 20],
    ['lossless.webp', 37, 23],
    ['alpha.webp', 120, 45],
  ] as const) {
    it(`reads the size of ${name} from its header`, () => {
      assert.deepEqual(readImageSize(fixture(name)), { width, height });
    });
  }

  it('reads the size from the base64 of an inline image, and assumes 1024 × 1024 for a URL or unreadable bytes', () => {
    assert.deepEqual(imageSize(inline('gradient.jpg', 'image/jpeg')), { width: 1500, height: 900 });
    assert.deepEqual(imageSize({ type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } }), DEFAULT_IMAGE_SIZE);
    assert.deepEqual(imageSize({ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: Buffer.from('not an image at all').toString('base64') } }), DEFAULT_IMAGE_SIZE);
    assert.equal(readImageSize(fixture('gradient.jpg').subarray(0, 40)), undefined, 'a JPEG cut before its frame header');
  });

  it("follows OpenAI's tile rule", () => {
    // OpenAI's worked examples: 1024 × 1024 high → 768 × 768 → 4 tiles → 765; 2048 × 4096 → 1024 × 2048 → 768 × 1536 → 6 tiles → 1105.
    assert.equal(openaiImageTokens({ width: 1024, height: 1024 }, 'high'), 765);
    assert.equal(openaiImageTokens({ width: 2048, height: 4096 }, 'high'), 1105);
    assert.equal(openaiImageTokens({ width: 4096, height: 8192 }, 'low'), 85);
    assert.equal(openaiImageTokens({ width: 37, height: 23 }, undefined), 255, 'one tile');
  });

  it("follows Anthropic's area rule, scaled to 1568 px and ~1.15 megapixels", () => {
    assert.equal(anthropicImageTokens({ width: 200, height: 200 }), 54); // 40000 / 750 = 53.3
    assert.equal(anthropicImageTokens({ width: 1000, height: 1000 }), 1334);
    // Larger images are scaled down first, so they never cost much more than ~1,534.
    assert.ok(anthropicImageTokens({ width: 8000, height: 6000 }) <= 1534);
    assert.ok(anthropicImageTokens({ width: 8000, height: 6000 }) >= 1530);
  });

  it('counts by family, the larger rule where the provider is unknown, never by base64 length', () => {
    const size = imageSize(inline('gradient.jpg', 'image/jpeg'));
    assert.equal(imageTokens(size, 'o200k', 'auto'), openaiImageTokens(size, 'auto'));
    assert.equal(imageTokens(size, 'anthropic', undefined), anthropicImageTokens(size));
    assert.equal(imageTokens(size, 'generic', undefined), Math.max(openaiImageTokens(size, undefined), anthropicImageTokens(size)));
    assert.ok(imageTokens(size, 'o200k', 'high') < 2000 && fixture('gradient.jpg').toString('base64').length > 20_000);
  });
});
