/**
 * Token estimation figures: cheap-estimate throughput (MB/s of UTF-8) per corpus, its error vs
 * the real tokenizers, the exact count near a limit vs gpt-tokenizer's own chat encoding, and the
 * sampled count of long prompts (error, band, cost).
 * Run: npm run bench -- tokens (bundled, as shipped), or npx tsx bench/tokens.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeChat as encodeChatCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { encodeChat as encodeChatO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { charCounts } from '../src/core/tokens/charClasses';
import { exactCounter } from '../src/core/tokens/encoders';
import { TokenEstimator } from '../src/core/tokens/estimator';
import type { TokenFamily } from '../src/core/tokens/families';
import { familyProfile, linearEstimate } from '../src/core/tokens/families';
import type { ModelEntry } from '../src/core/registry/model';
import { PromptMeasure } from '../src/core/tokens/promptMeasure';
import type { Message } from '../src/core/model/content';
import { textMessage, textOf } from '../src/core/model/content';

const dir = join(__dirname, '../test/fixtures/corpora');
const corpora: Record<string, string> = {
  english: readFileSync(join(dir, 'english.txt'), 'utf8'),
  typescript: readFileSync(join(dir, 'code.ts.txt'), 'utf8'),
  json: readFileSync(join(dir, 'tickets.json'), 'utf8'),
  chinese: readFileSync(join(dir, 'chinese.txt'), 'utf8'),
};

console.log('cheap estimate throughput (charCounts over the corpus repeated to ~1 MB)');
for (const [name, text] of Object.entries(corpora)) {
  const big = text.repeat(Math.ceil(1_000_000 / Buffer.byteLength(text)));
  const bytes = Buffer.byteLength(big);
  for (let i = 0; i < 30; i++) charCounts(big);
  const runs = 200;
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) charCounts(big);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`  ${name.padEnd(11)} ${((bytes * runs) / seconds / 1e6).toFixed(0).padStart(5)} MB/s  (${((big.length * runs) / seconds / 1e6).toFixed(0)} M chars/s)`);
}

console.log('\ncheap estimate vs real tokenizer: whole corpus, and mean signed error over 500 random slices (50–5,000 chars)');
const naive = (text: string) => Math.ceil(text.length / 4);
let seed = 12345;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
for (const family of ['o200k', 'cl100k'] as TokenFamily[]) {
  const profile = familyProfile(family);
  const count = exactCounter(profile.encoding ?? 'o200k_base');
  for (const [name, text] of Object.entries(corpora)) {
    const real = count(text);
    const estimate = linearEstimate(charCounts(text), profile.coefficients);
    let signed = 0;
    let worstOver = 0;
    let worstUnder = 0;
    const n = 500;
    for (let i = 0; i < n; i++) {
      const length = 50 + Math.floor(random() * 4950);
      const start = Math.floor(random() * Math.max(1, text.length - length));
      const slice = text.slice(start, start + length);
      const e = linearEstimate(charCounts(slice), profile.coefficients);
      const r = count(slice);
      const error = e / r - 1;
      signed += error;
      worstOver = Math.max(worstOver, error);
      worstUnder = Math.min(worstUnder, error);
    }
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
    console.log(
      `  ${family.padEnd(6)} ${name.padEnd(11)} real ${String(real).padStart(5)}  estimate ${estimate.toFixed(0).padStart(5)} (${pct(estimate / real - 1)})` +
        `  slices: mean ${pct(signed / n)}, range ${pct(worstUnder)}…${pct(worstOver)}  | chars/4: ${pct(naive(text) / real - 1)}`,
    );
  }
}

console.log('\nexact count near a limit (fits() → real tokenizer) vs gpt-tokenizer encodeChat');
const estimator = new TokenEstimator();
const model = (name: string, contextSize: number): ModelEntry => ({ id: name, provider: 'p', name, weight: 50, costPer1k: 0, contextSize, capabilities: ['chat'] });
for (const [name, encodeChat] of [['gpt-4o', encodeChatO200k], ['gpt-4', encodeChatCl100k]] as const) {
  for (const [corpus, text] of Object.entries(corpora)) {
    const messages: Message[] = [
      textMessage('system', 'You are a helpful assistant.'),
      textMessage('user', text),
    ];
    const real = encodeChat(messages.map((m) => ({ role: m.role as 'system' | 'user', content: textOf(m.content) })), name).length;
    const fit = estimator.fits({ kind: 'chat', messages }, model(name, real), 0);
    console.log(`  ${name.padEnd(7)} ${corpus.padEnd(11)} real ${real}  ours ${fit.promptTokens} (exact: ${fit.exact})  error ${((fit.promptTokens / real - 1) * 100).toFixed(2)}%`);
  }
}

console.log('\nsampled count (long prompts whose cheap bounds straddle a limit): ~400 KB prompts, 32 windows, the real tokenizer on ~1,000 tokens');
const mixedText = [corpora.english, corpora.typescript, corpora.json].join('\n');
const long: Record<string, string> = { ...corpora, mixed: mixedText, 'en+zh': corpora.english.repeat(26) + corpora.chinese.repeat(24) };
for (const family of ['o200k', 'cl100k'] as TokenFamily[]) {
  const encoding = familyProfile(family).encoding ?? 'o200k_base';
  for (const [name, text] of Object.entries(long)) {
    const big = JSON.parse(JSON.stringify(text.repeat(Math.ceil(409_600 / text.length)).slice(0, 409_600))) as string;
    const real = exactCounter(encoding)(big);
    const errors: number[] = [];
    const bands: number[] = [];
    let outside = 0;
    const times: number[] = [];
    for (let variant = 0; variant < 20; variant++) {
      const text = variant ? big.slice(0, big.length - variant * 13) : big; // other lengths seed other windows
      const truth = variant ? exactCounter(encoding)(text) : real;
      const measure = new PromptMeasure({ kind: 'completion', prompt: text });
      const start = process.hrtime.bigint();
      const sampled = measure.sampledTokens(encoding);
      times.push(Number(process.hrtime.bigint() - start) / 1000);
      errors.push(sampled.estimate / truth - 1);
      bands.push((sampled.upper - sampled.lower) / 2 / truth);
      if (truth < sampled.lower || truth > sampled.upper) outside++;
    }
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
    times.sort((a, b) => a - b);
    console.log(
      `  ${family.padEnd(6)} ${name.padEnd(11)} real ${String(real).padStart(6)}  estimate error ${pct(Math.min(...errors))}…${pct(Math.max(...errors))}` +
        `  band ±${((bands.reduce((a, b) => a + b) / bands.length) * 100).toFixed(1)}%  real outside band ${outside}/20  sample ${times[10].toFixed(0)} µs (median; the cheap pass is separate)`,
    );
  }
}
