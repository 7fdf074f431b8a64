/**
 * The benchmark's fake OpenAI upstream: answers `POST /v1/chat/completions` from precomputed
 * bytes (a whole answer, or an SSE stream of 16 deltas written one event per write; a request
 * with `tools` gets a streamed tool call in 16 argument fragments, as OpenAI sends one), so the
 * upstream costs as little as possible and differences between the paths in front of it show.
 * Run as its own process: `node --import tsx bench/serverUpstream.ts`; prints its URL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', ' and', ' keeps', ' on', ' running', ' far', ' away', '.'];
const HEAD = { id: 'chatcmpl-bench0123456789', created: 1735689600, model: 'gpt-bench' };

const whole = Buffer.from(
  JSON.stringify({
    ...HEAD,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: WORDS.join('').repeat(4) }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 64, total_tokens: 76 },
  }),
);
const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ ...HEAD, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
const events = [
  chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
  ...WORDS.map((word) => chunk([{ index: 0, delta: { content: word }, logprobs: null, finish_reason: null }])),
  chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
];
const usage = chunk([], { usage: { prompt_tokens: 12, completion_tokens: 16, total_tokens: 28 } });
const ARGUMENT_FRAGMENTS = ['{"', 'file', 'path', '":"', 'src/', 'index', '.ts', '","', 'content', '":"', 'export ', 'const ', 'answer ', '= ', '42;', '"}'];
const toolDelta = (call: Record<string, unknown>) => chunk([{ index: 0, delta: { tool_calls: [{ index: 0, ...call }] }, logprobs: null, finish_reason: null }]);
const toolEvents = [
  chunk([{ index: 0, delta: { role: 'assistant', content: null }, logprobs: null, finish_reason: null }]),
  toolDelta({ id: 'call_bench0123456789', type: 'function', function: { name: 'write_file', arguments: '' } }),
  ...ARGUMENT_FRAGMENTS.map((fragment) => toolDelta({ function: { arguments: fragment } })),
  chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }]),
];

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (part: Buffer) => parts.push(part));
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"not found","type":"invalid_request_error","param":null,"code":null}}');
      return;
    }
    const body = Buffer.concat(parts).toString('latin1');
    if (!body.includes('"stream":true')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': whole.length });
      res.end(whole);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const event of body.includes('"tools":') ? toolEvents : events) res.write(event);
    if (body.includes('"include_usage":true')) res.write(usage);
    res.end('data: [DONE]\n\n');
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
