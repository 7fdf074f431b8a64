import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeChat } from 'gpt-tokenizer/encoding/o200k_base';
import type { ModelEntry } from '../../../src/core/registry/model';
import { exactCounter } from '../../../src/core/tokens/encoders';
import { TokenEstimator } from '../../../src/core/tokens/estimator';
import type { TokenFamily } from '../../../src/core/tokens/families';
import { familyOfModelName, familyProfile } from '../../../src/core/tokens/families';
import { PromptMeasure } from '../../../src/core/tokens/promptMeasure';
import type { CanonicalRequest } from '../../../src/core/types';
import { CORPORA } from './corpora';

const OPENAI_FAMILIES = [
  { family: 'o200k' as const, model: 'gpt-4o' },
  { family: 'cl100k' as const, model: 'gpt-4' },
];

function model(name: string, contextSize: number): ModelEntry {
  return { id: name, provider: 'p', name, weight: 50, costPer1k: 0, contextSize, capabilities: ['chat', 'completion'] };
}

function prompt(text: string): CanonicalRequest {
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
      { role: 'system' as const, content: 'You are a careful reviewer.' },
      { role: 'user' as const, content: CORPORA.typescript },
      { role: 'assistant' as const, content: 'Which part should I look at?' },
      { role: 'user' as const, content: CORPORA.json.slice(0, 5000) },
    ];
    const request: CanonicalRequest = { kind: 'chat', messages };
    const real = encodeChat(messages, 'gpt-4o').length;
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
