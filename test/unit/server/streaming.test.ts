// Streaming discipline under load: many concurrent streams intact, and a slow reader slowing the
// upstream through TCP flow control instead of Tokenhub buffering the answer.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatBody, startApi, type ApiHarness } from './apiHarness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('server: streams under load', () => {
  it('carries 200 concurrent streams, each with its own text intact', async function () {
    this.timeout(60_000);
    const api = await startApi([{ name: 'up', dialect: 'openai', key: 'sk-up' }], [{ id: 'm', provider: 'up', name: 'fake' }]);
    try {
      api.up.up!.setDefault({
        text: (request) => {
          const marker = (request.body as { messages: { content: string }[] }).messages[0]!.content;
          return `Echo ${marker}: the quick brown fox jumps over ${marker} ünïcødé ✓ done.`;
        },
      });
      const markers = Array.from({ length: 200 }, (_, i) => `req-${i}-${i * 7919}`);
      const texts = await Promise.all(
        markers.map(async (marker) => {
          const stream = await api.client.chat.completions.create({
            model: 'auto',
            messages: [{ role: 'user', content: marker }],
            stream: true,
            stream_options: { include_usage: true },
          });
          let text = '';
          let usage = 0;
          for await (const chunk of stream) {
            text += chunk.choices[0]?.delta.content ?? '';
            if (chunk.usage) usage++;
          }
          assert.equal(usage, 1, marker);
          return text;
        }),
      );
      texts.forEach((text, i) => assert.equal(text, `Echo ${markers[i]}: the quick brown fox jumps over ${markers[i]} ünïcødé ✓ done.`));
      assert.equal(api.up.up!.requests.length, 200);
    } finally {
      await api.close();
    }
  });

  describe('a slow reader', () => {
    const CHUNK = 'x'.repeat(16 * 1024);
    const TOTAL_CHUNKS = 2048; // 32 MiB of text; the socket buffers held about 5.5 MiB when measured
    let upstream: Server;
    let produced = 0;
    let finished = false;
    let api: ApiHarness;

    before(async () => {
      // An OpenAI-compatible upstream that makes each chunk only when its socket takes more:
      // how much it produced shows how far back-pressure reached.
      upstream = createServer((req: IncomingMessage, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const frame = `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: CHUNK }, finish_reason: null }] })}\n\n`;
          let sent = 0;
          const pump = () => {
            while (sent < TOTAL_CHUNKS) {
              sent++;
              produced += CHUNK.length;
              if (!res.write(frame)) return void res.once('drain', pump);
            }
            finished = true;
            res.end('data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
          };
          pump();
        });
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
      api = await startApi([{ name: 'slow', dialect: 'vllm' }], [{ id: 'm', provider: 'slow', name: 'big' }], { baseUrls: { slow: base } });
    });
    after(async () => {
      await api.close();
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    });

    it('slows the upstream instead of buffering the answer, and then delivers it whole', async function () {
      this.timeout(60_000);
      const target = new URL(api.url);
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = httpRequest(
          { host: target.hostname, port: target.port, method: 'POST', path: '/v1/chat/completions', agent: false, headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' } },
          resolve,
        );
        req.on('error', reject);
        req.end(chatBody({ stream: true }));
      });
      assert.equal(res.statusCode, 200);
      res.pause();
      // Wait until production stops: the upstream is held back by full socket buffers.
      let last = -1;
      while (produced !== last) {
        last = produced;
        await sleep(300);
      }
      const total = CHUNK.length * TOTAL_CHUNKS;
      assert.equal(finished, false, 'the upstream finished while the client read nothing: the answer was buffered');
      assert.ok(produced < total / 2, `produced ${produced} of ${total} bytes while the client was paused`);

      let received = 0;
      let tail = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        received += text.length;
        tail = (tail + text).slice(-64);
      });
      res.resume();
      await new Promise((resolve) => res.on('end', resolve));
      assert.ok(finished);
      assert.ok(received > total, `${received} bytes received`);
      assert.ok(tail.endsWith('data: [DONE]\n\n'), tail);
    });
  });
});
