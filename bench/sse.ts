/**
 * SSE decoding throughput: realistic OpenAI and Anthropic stream bodies, cut into network-sized
 * chunks, fed through the one decoder (src/core/sse). Prints MB/s; run with `npx tsx bench/sse.ts`.
 * Only decoding is measured (JSON parsing of the data is the adapters' and is not SSE work).
 */
import { performance } from 'node:perf_hooks';
import { SseDecoder } from '../src/core/sse/decoder';
import type { SseEvent } from '../src/core/sse/decoder';

const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.', '\n\n', ' résumé', ' 日本語', ' 🎉', ' `code`', ' "quoted"'];
const TARGET_BYTES = 8 * 1024 * 1024;

function openAIBody(): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const chunk = {
      id: 'chatcmpl-AbC123dEf456GhI789jKl',
      object: 'chat.completion.chunk',
      created: 1735689600,
      model: 'gpt-4o-2024-08-06',
      system_fingerprint: 'fp_f9f4fb6dbf',
      choices: [{ index: 0, delta: { content: WORDS[i % WORDS.length] }, logprobs: null, finish_reason: null }],
    };
    const line = `data: ${JSON.stringify(chunk)}\n\n`;
    parts.push(line);
    size += Buffer.byteLength(line);
  }
  parts.push('data: [DONE]\n\n');
  return parts.join('');
}

function anthropicBody(): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < TARGET_BYTES; i++) {
    const data = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: WORDS[i % WORDS.length] } };
    const event = (i % 50 === 49 ? 'event: ping\ndata: {"type": "ping"}\n\n' : '') + `event: content_block_delta\ndata: ${JSON.stringify(data)}\n\n`;
    parts.push(event);
    size += Buffer.byteLength(event);
  }
  parts.push('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  return parts.join('');
}

/** Cuts the body into chunks of `min`…`max` bytes (seeded, so runs compare). */
function chunk(body: Buffer, min: number, max: number): Buffer[] {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; ) {
    const size = min + Math.floor(random() * (max - min + 1));
    out.push(body.subarray(at, at + size));
    at += size;
  }
  return out;
}

function decodeAll(chunks: Buffer[]): number {
  const decoder = new SseDecoder();
  const out: SseEvent[] = [];
  let events = 0;
  for (const piece of chunks) {
    decoder.push(piece, out);
    events += out.length;
    out.length = 0;
  }
  events += decoder.end(out).length;
  return events;
}

function measure(name: string, body: string, min: number, max: number): void {
  const bytes = Buffer.from(body);
  const chunks = chunk(bytes, min, max);
  // Warm-up by time, not by count: the decoder's paths for `event:` lines are compiled late, and
  // three passes left the first Anthropic figure measuring the JIT rather than the decoder.
  const warm = performance.now();
  while (performance.now() - warm < 1500) decodeAll(chunks);
  const runs = 10;
  let events = 0;
  const start = performance.now();
  for (let i = 0; i < runs; i++) events = decodeAll(chunks);
  const seconds = (performance.now() - start) / 1000;
  const mbps = (bytes.length * runs) / seconds / 1e6;
  const eventsPerSecond = (events * runs) / seconds;
  console.log(
    `${name.padEnd(10)} chunks ${String(min).padStart(5)}–${String(max).padEnd(6)} ${mbps.toFixed(0).padStart(5)} MB/s  ${(eventsPerSecond / 1e6).toFixed(2)} M events/s  (${(bytes.length / 1e6).toFixed(1)} MB, ${events} events)`,
  );
}

console.log(`SSE decoder throughput (Node ${process.version})`);
const openai = openAIBody();
const anthropic = anthropicBody();
for (const [min, max] of [[1024, 16384], [64, 512]] as const) {
  measure('openai', openai, min, max);
  measure('anthropic', anthropic, min, max);
}
// One 8 MiB line spread over 512 reads: joining the pending line with every read made this
// quadratic (about 5 MB/s on long lines); it must stay in the range of the rows above.
measure('long line', `data: ${'x'.repeat(TARGET_BYTES)}\n\n`, 16384, 16384);
