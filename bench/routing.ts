/**
 * The routing decision without I/O: ModelRegistry.candidates (capability filter, fit check with
 * estimation, ranking) over 100 models, for a 1 KB and a 400 KB prompt. Each iteration builds a
 * fresh request object, so nothing is served from the per-request measure cache (nor is there any
 * cache across requests).
 * Run: npm run bench -- routing (bundled, as shipped), or npx tsx bench/routing.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelEntry } from '../src/core/registry/model';
import { ModelRegistry } from '../src/core/registry/registry';
import { TokenEstimator } from '../src/core/tokens/estimator';
import { textMessage } from '../src/core/model/content';
import type { Capability, ModelRequest } from '../src/core/model/request';

const NAMES = ['gpt-4o', 'gpt-4.1-mini', 'gpt-5', 'o4-mini', 'gpt-4', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'llama-3.1-70b', 'qwen3-coder', 'mistral-large'];
const CONTEXTS = [8192, 16384, 32768, 128000, 200000, 400000, 1_047_576];
const CAPABILITY_SETS: Capability[][] = [['chat', 'completion'], ['chat', 'code'], ['chat', 'tools', 'vision'], ['completion']];

function registryOf100(contexts: readonly number[]): ModelRegistry {
  const models: ModelEntry[] = [];
  for (let i = 0; i < 100; i++) {
    models.push({
      id: `m${i}`,
      provider: `p${i % 7}`,
      name: NAMES[i % NAMES.length],
      weight: 40 + ((i * 37) % 60),
      costPer1k: ((i * 13) % 50) / 1000,
      contextSize: contexts[(i * 3) % contexts.length],
      capabilities: CAPABILITY_SETS[i % CAPABILITY_SETS.length],
    });
  }
  return new ModelRegistry(models);
}

const dir = join(__dirname, '../test/fixtures/corpora');
const mixed = ['english.txt', 'code.ts.txt', 'tickets.json'].map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
const chinese = readFileSync(join(dir, 'chinese.txt'), 'utf8');

/*
 * A prompt as the router receives it: a flat string out of JSON.parse (the API server) or out of
 * the editor. Not a `.slice()` of a bigger string: V8 reads a sliced string ~3× slower in a
 * charCodeAt loop, which would measure the benchmark's own string handling.
 */
function promptOf(bytes: number, text = mixed): string {
  let out = text.repeat(Math.ceil(bytes / Buffer.byteLength(text)));
  while (Buffer.byteLength(out) > bytes) out = out.slice(0, out.length - Math.max(1, Math.floor((Buffer.byteLength(out) - bytes) / 3)));
  return JSON.parse(JSON.stringify(out)) as string;
}

function request(text: string): ModelRequest {
  return { kind: 'chat', messages: [textMessage('system', 'You are a careful assistant.'), textMessage('user', text)], maxTokens: 4096 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function run(label: string, text: string, iterations: number, contexts: readonly number[] = CONTEXTS): void {
  const registry = registryOf100(contexts);
  const estimator = new TokenEstimator();
  let exact = 0;
  let sampled = 0;
  let fitting = 0;
  let estimate = '';
  for (let i = 0; i < Math.min(2000, iterations); i++) registry.candidates(request(text), estimator); // warm-up (JIT, lazy encoders)
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const r = request(text);
    const start = process.hrtime.bigint();
    const list = registry.candidates(r, estimator);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
    fitting = list.fitting.length;
    const measure = estimator.measure(r);
    exact = Number(measure.hasExact('o200k_base')) + Number(measure.hasExact('cl100k_base'));
    sampled = Number(measure.hasSample('o200k_base')) + Number(measure.hasSample('cl100k_base'));
    if (i === 0) estimate = list.tooSmall.concat(list.fitting).map((c) => `${c.model.name}@${c.model.contextSize}:${c.promptTokens}${c.exact ? '*' : ''}`).slice(0, 3).join(' ');
  }
  samples.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(15)} p50 ${percentile(samples, 50).toFixed(1).padStart(7)} µs   p99 ${percentile(samples, 99).toFixed(1).padStart(7)} µs   ` +
      `(${iterations} runs; ${fitting} of ${registry.ranked('chat').length} chat models fit; encodings per decision sampled: ${sampled}, counted whole: ${exact}) ${estimate}`,
  );
}

console.log('routing decision over 100 models (registry.candidates with TokenEstimator)');
run('1 KB prompt', promptOf(1024), 50_000);
const big = promptOf(400 * 1024);
run('400 KB prompt', big, 1_000);
console.log('  (above: ~108k tokens: the cheap bounds straddle the 128k limit, so each decision samples the prompt with o200k and cl100k)');
run('400 KB, clear', big, 2_000, [8192, 16384, 32768, 400000, 1_047_576]);
console.log('  (above: no limit within the cheap bounds: no tokenizer at all)');
run('400 KB, at limit', big, 100, [8192, 16384, 32768, 112_000, 1_047_576]);
console.log('  (above: a 112k limit, within ~4% of the count: the sample cannot settle it, so the prompt is counted whole with the encoding whose band holds it)');
run('400 KB Chinese', promptOf(400 * 1024, chinese), 1_000);
console.log('  (above: 400 KB of UTF-8 Chinese, ~113k o200k / ~164k cl100k tokens: sampled with both encodings; CJK costs the tokenizer ~3× more per token)');
