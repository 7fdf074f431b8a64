import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeChat } from 'gpt-tokenizer/encoding/o200k_base';
import type { ModelEntry } from '../../../src/core/registry/model';
import { exactCounter } from '../../../src/core/tokens/encoders';
import { SAMPLE_FROM_CHARS, TokenEstimator } from '../../../src/core/tokens/estimator';
import type { TokenFamily } from '../../../src/core/tokens/families';
import { encodingProfile, familyOfModelName, familyProfile } from '../../../src/core/tokens/families';
import { PromptMeasure } from '../../../src/core/tokens/promptMeasure';
import { textMessage, textOf } from '../../../src/core/model/content';
import type { ModelRequest } from '../../../src/core/model/request';
import { CORPORA } from './corpora';

const OPENAI_FAMILIES = [
  { family: 'o200k' as const, model: 'gpt-4o' },
  { family: 'cl100k' as const, model: 'gpt-4' },
];

function model(name: string, contextSize: number): ModelEntry {
  return { id: name, provider: 'p', name, weight: 50, costPer1k: 0, contextSize, capabilities: ['chat', 'completion'] };
}

function prompt(text: string): ModelRequest {
  return { kind: 'completion', prompt: text };
}

/** Cheap bounds and the real count of one text. */
function judge(text: string, family: 'o200k' | 'cl100k') {
  const profile = familyProfile(family);
  const bounds = new PromptMeasure(prompt(text)).cheapBounds(profile);
  return { ...bounds, real: exactCounter(profile.encoding ?? 'o200k_base')(text) };
}

describe('tokens: families', () => {
  it('maps model names to encodings', () => {
    const cases: [string, TokenFamily][] = [
      ['gpt-4o', 'o200k'], ['gpt-4o-mini', 'o200k'], ['gpt-4.1-nano', 'o200k'], ['gpt-5.2', 'o200k'], ['o3', 'o200k'],
      ['o4-mini', 'o200k'], ['openai/gpt-5', 'o200k'], ['gpt-4', 'cl100k'], ['gpt-4-turbo', 'cl100k'], ['gpt-3.5-turbo', 'cl100k'],
      ['claude-sonnet-4-5', 'anthropic'], ['Qwen/Qwen3-Coder-30B', 'generic'], ['llama-3.1-8b', 'generic'],
    ];
    for (const [name, family] of cases) assert.equal(familyOfModelName(name), family, name);
  });
});

describe('tokens: cheap estimate on the four corpora', () => {
  for (const [name, text] of Object.entries(CORPORA)) {
    for (const { family } of OPENAI_FAMILIES) {
      it(`${name}, ${family}: estimate within 10% of the real count, bounds around it`, () => {
        const { estimate, lower, upper, real } = judge(text, family);
        assert.ok(Math.abs(estimate / real - 1) < 0.1, `estimate ${estimate} vs real ${real}`);
        assert.ok(lower <= real && real <= upper, `${lower} ≤ ${real} ≤ ${upper}`);
      });
    }
  }
});

describe('tokens: never "obviously fits" when it does not', () => {
  for (const [name, text] of Object.entries(CORPORA)) {
    for (const { family } of OPENAI_FAMILIES) {
      it(`${name}, ${family}: every prefix (step 61) has real ≤ upper and real ≥ lower`, () => {
        for (let end = 0; end <= text.length; end += 61) {
          const { lower, upper, real } = judge(text.slice(0, end), family);
          assert.ok(real <= upper, `prefix ${end}: real ${real} > upper ${upper}`);
          assert.ok(real >= lower, `prefix ${end}: real ${real} < lower ${lower}`);
        }
      });

      it(`${name}, ${family}: random slices never break the bounds (fast-check)`, () => {
        fc.assert(
          fc.property(fc.nat(text.length), fc.nat(6000), (start, length) => {
            const { lower, upper, real } = judge(text.slice(start, start + length), family);
            return lower <= real && real <= upper;
          }),
          { numRuns: 150, seed: 42 },
        );
      });
    }

    it(`${name}: fits() never says yes to a model the prompt does not fit (fast-check)`, () => {
      const estimator = new TokenEstimator();
      fc.assert(
        fc.property(fc.nat(text.length), fc.integer({ min: 1, max: 8000 }), fc.integer({ min: -50, max: 50 }), (start, length, delta) => {
          const request = prompt(text.slice(start, start + length));
          const real = exactCounter('o200k_base')(text.slice(start, start + length));
          const completion = 100;
          const fit = estimator.fits(request, model('gpt-4o', real + completion + delta), completion);
          return fit.fits === delta >= 0;
        }),
        { numRuns: 150, seed: 7 },
      );
    });
  }
});

describe('tokens: TokenEstimator', () => {
  const longText = CORPORA.english.repeat(20);

  it('does not tokenize prompts that obviously fit or obviously do not', () => {
    const estimator = new TokenEstimator();
    const request = prompt(longText);
    assert.equal(estimator.fits(request, model('gpt-4o', 1_000_000), 1000).fits, true);
    assert.equal(estimator.fits(request, model('gpt-4o', 8000), 1000).fits, false);
    assert.equal(estimator.fits(request, model('claude-sonnet-4-5', 8000), 1000).fits, false);
    assert.equal(estimator.measure(request).hasExact('o200k_base'), false);
    assert.equal(estimator.measure(request).hasExact('cl100k_base'), false);
  });

  it('counts exactly near the limit, with OpenAI chat framing, within ±2% of the real tokenizer', () => {
    const estimator = new TokenEstimator();
    const messages = [
      textMessage('system', 'You are a careful reviewer.'),
      textMessage('user', CORPORA.typescript),
      textMessage('assistant', 'Which part should I look at?'),
      textMessage('user', CORPORA.json.slice(0, 5000)),
    ];
    const request: ModelRequest = { kind: 'chat', messages };
    const real = encodeChat(messages.map((m) => ({ role: m.role as 'system' | 'user' | 'assistant', content: textOf(m.content) })), 'gpt-4o').length;
    const fit = estimator.fits(request, model('gpt-4o', real + 10), 10);
    assert.equal(fit.exact, true);
    assert.ok(fit.fits);
    assert.ok(Math.abs(fit.promptTokens / real - 1) <= 0.02, `${fit.promptTokens} vs ${real}`);
    assert.equal(estimator.fits(request, model('gpt-4o', fit.promptTokens + 9), 10).fits, false);
  });

  it('measures a request once and reuses it across candidates', () => {
    const estimator = new TokenEstimator();
    const request = prompt(CORPORA.english);
    assert.equal(estimator.measure(request), estimator.measure(request));
    estimator.fits(request, model('gpt-4o', 1900), 0);
    assert.equal(estimator.measure(request).hasExact('o200k_base'), true);
  });

  it('treats special-token text in a prompt as plain text', () => {
    const estimator = new TokenEstimator();
    assert.ok(estimator.count(prompt('say <|endoftext|> please'), model('gpt-4o', 100)).tokens > 3);
  });

  it('learns a per-model correction from reported usage for families without a tokenizer', () => {
    const estimator = new TokenEstimator();
    const claude = model('claude-sonnet-4-5', 1_000_000);
    const texts = Object.values(CORPORA);
    for (let i = 0; i < 40; i++) {
      const request = prompt(texts[i % texts.length].slice(0, 2000 + 37 * i));
      const fit = estimator.fits(request, claude, 0);
      // A provider whose tokenizer counts 30% more than the uncorrected estimate, with noise.
      const uncorrected = estimator.measure(request).cheapBounds(familyProfile('anthropic')).estimate;
      estimator.observe(claude.id, fit.promptTokens, Math.round(uncorrected * (1.3 + ((i % 5) - 2) * 0.02)));
    }
    const ratio = estimator.calibrator.ratio(claude.id);
    assert.ok(Math.abs(ratio - 1.3) < 0.03, `ratio ${ratio}`);
    const request = prompt(CORPORA.english);
    const raw = estimator.measure(request).cheapBounds(familyProfile('anthropic')).estimate;
    assert.ok(Math.abs(estimator.estimate(request, claude) / (raw * 1.3) - 1) < 0.03);
  });

  it('keeps the correction bounded and ignores tiny or absurd reports', () => {
    const estimator = new TokenEstimator();
    estimator.observe('m', 10, 1000); // too small to say anything
    assert.equal(estimator.calibrator.ratio('m'), 1);
    for (let i = 0; i < 10; i++) estimator.observe('m', 1000, 100_000);
    assert.equal(estimator.calibrator.ratio('m'), 2);
    estimator.observe('m', 1000, Number.NaN);
    assert.equal(estimator.calibrator.ratio('m'), 2);
  });

  it('does not apply calibration to models counted exactly', () => {
    const estimator = new TokenEstimator();
    for (let i = 0; i < 5; i++) estimator.observe('gpt-4o', 1000, 1500);
    const request = prompt(CORPORA.english);
    assert.equal(estimator.estimate(request, model('gpt-4o', 1e6)), estimator.measure(request).cheapBounds(familyProfile('o200k')).estimate);
  });
});

describe('tokens: sampled counts for long prompts near a limit', () => {
  const ENCODINGS = [
    { encoding: 'o200k_base' as const, model: 'gpt-4o' },
    { encoding: 'cl100k_base' as const, model: 'gpt-4' },
  ];
  const names = Object.keys(CORPORA);

  /** A prompt stitched from pieces of the four corpora, some pasted as base64 (dense, unlike prose). */
  const patchwork = fc
    .array(fc.record({ corpus: fc.nat(names.length - 1), start: fc.nat(40_000), length: fc.integer({ min: 200, max: 20_000 }), base64: fc.boolean() }), { minLength: 4, maxLength: 24 })
    .map((pieces) => {
      let text = '';
      for (const piece of pieces) {
        const source = CORPORA[names[piece.corpus]];
        const start = piece.start % source.length;
        const slice = source.repeat(3).slice(start, start + piece.length);
        text += piece.base64 && piece.length < 4000 ? Buffer.from(slice).toString('base64') : slice;
        text += '\n';
      }
      while (text.length < SAMPLE_FROM_CHARS) text += CORPORA.english;
      return text;
    });

  const long = CORPORA.english.repeat(8) + CORPORA.typescript.repeat(6) + CORPORA.json.repeat(2); // ~150 KB

  for (const { encoding, model: name } of ENCODINGS) {
    it(`${encoding}: settles a long prompt 12% either side of a limit from a sample, without counting it whole`, () => {
      const real = exactCounter(encoding)(long);
      for (const [limit, fits] of [[Math.round(real * 1.12), true], [Math.round(real * 0.88), false]] as const) {
        const estimator = new TokenEstimator();
        const request = prompt(long);
        assert.ok(!(estimator.measure(request).cheapBounds(encodingProfile(encoding)).upper <= limit), 'cheap bounds alone must not settle it');
        const fit = estimator.fits(request, model(name, limit), 0);
        assert.deepEqual([fit.fits, fit.sampled, fit.exact], [fits, true, false]);
        assert.ok(Math.abs(fit.promptTokens / real - 1) <= 0.02, `${fit.promptTokens} vs ${real}`);
        assert.equal(estimator.measure(request).hasSample(encoding), true);
        assert.equal(estimator.measure(request).hasExact(encoding), false);
      }
    });

    it(`${encoding}: counts whole when the limit is inside the sample's band`, () => {
      const real = exactCounter(encoding)(long);
      for (const [limit, fits] of [[real, true], [real - 1, false]] as const) {
        const estimator = new TokenEstimator();
        const fit = estimator.fits(prompt(long), model(name, limit), 0);
        assert.deepEqual([fit.fits, fit.exact, fit.promptTokens], [fits, true, real]);
      }
    });

    it(`${encoding}: the real count of stitched prompts lies inside the sampled band (fast-check)`, () => {
      fc.assert(
        fc.property(patchwork, (text) => {
          const real = exactCounter(encoding)(text);
          const sampled = new PromptMeasure(prompt(text)).sampledTokens(encoding);
          return sampled.lower <= real && real <= sampled.upper && sampled.lower <= sampled.estimate && sampled.estimate <= sampled.upper;
        }),
        { numRuns: 60, seed: 11 },
      );
    });

    it(`${encoding}: fits() is never wrong on stitched prompts with limits within ±20% (fast-check)`, () => {
      fc.assert(
        fc.property(patchwork, fc.integer({ min: -200, max: 200 }), (text, perMille) => {
          const real = exactCounter(encoding)(text);
          const limit = Math.round(real * (1 + perMille / 1000));
          return new TokenEstimator().fits(prompt(text), model(name, limit), 0).fits === real <= limit;
        }),
        { numRuns: 60, seed: 12 },
      );
    });
  }

  it('gives the same prompt the same sample, and so the same decision', () => {
    const a = new PromptMeasure(prompt(long)).sampledTokens('o200k_base');
    const b = new PromptMeasure(prompt(long)).sampledTokens('o200k_base');
    assert.deepEqual(a, b);
  });

  it('samples a Chinese prompt with as much tokenizer work as an English one', () => {
    const bands = ['english', 'chinese'].map((name) => {
      const text = CORPORA[name].repeat(Math.ceil(60_000 / CORPORA[name].length));
      const sampled = new PromptMeasure(prompt(text)).sampledTokens('o200k_base');
      const real = exactCounter('o200k_base')(text);
      assert.ok(sampled.lower <= real && real <= sampled.upper, `${name}: ${sampled.lower}…${sampled.upper} vs ${real}`);
      return (sampled.upper - sampled.lower) / real;
    });
    // Windows sized by density: both samples see ~1,000 tokens, so neither band is much wider.
    assert.ok(bands[1] < bands[0] * 2 && bands[0] < bands[1] * 2, `bands ${bands.map((b) => b.toFixed(3)).join(' vs ')}`);
  });

  it('decides by the sampled proxy count for a family without a tokenizer, never counting whole', () => {
    const estimator = new TokenEstimator();
    const request = prompt(long);
    const cheap = estimator.measure(request).cheapBounds(familyProfile('anthropic')).estimate;
    const inside = estimator.fits(request, model('claude-sonnet-4-5', Math.round(cheap * 1.01)), 0);
    assert.equal(inside.sampled, true);
    assert.equal(estimator.measure(request).hasExact('cl100k_base'), false);
    const proxy = Math.ceil(exactCounter('cl100k_base')(long) * 1.15);
    assert.ok(Math.abs(inside.promptTokens / proxy - 1) <= 0.03, `${inside.promptTokens} vs ${proxy}`);
  });

  it('leaves prompts shorter than the sampling threshold to the exact count', () => {
    const text = CORPORA.english.repeat(2);
    assert.ok(text.length < SAMPLE_FROM_CHARS);
    const estimator = new TokenEstimator();
    const real = exactCounter('o200k_base')(text);
    const fit = estimator.fits(prompt(text), model('gpt-4o', Math.round(real * 1.12)), 0);
    assert.deepEqual([fit.fits, fit.exact, fit.sampled ?? false], [true, true, false]);
  });
});
