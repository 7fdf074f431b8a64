/**
 * `tokenhub serve` against the floor for a Node proxy, in one run on one machine (issue #4):
 * a fake OpenAI upstream (bench/serverUpstream.ts), a minimal pass-through proxy (bench/proxy.ts)
 * and the bundled CLI (`node dist-like/cli.js serve`), each its own process, loaded by autocannon
 * from this one. Prints throughput at 32 connections (whole and streamed text answers, and a
 * streamed tool call with 13 tools offered, as coding agents send), added latency of sequential
 * requests, memory across 100k requests, and start-to-ready; with the targets.
 * `npm run bench -- server` (bundled, as run.js does), or `node --import tsx bench/server.ts`. Takes about 2–3 minutes.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Client } from 'undici';

const ROOT = resolve(__dirname, '..');
/** How to run a sibling process: its bundle next to this one (bench/run.js), or its source through tsx. */
const sibling = (name: string): string[] => (__filename.endsWith('.js') ? [join(__dirname, `${name}.js`)] : ['--import', 'tsx', join(ROOT, 'bench', `${name}.ts`)]);
const TOKEN = 'bench-token-0123456789abcdefghijklmnopqrstuv';
const CONNECTIONS = 32;
/** Seconds per measured load; each target is measured ROUNDS times, interleaved. */
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MEMORY_REQUESTS = 100_000;
/** What is measured: a whole text answer, a streamed one, and a streamed tool call. */
type Kind = 'whole' | 'streamed' | 'tool call';
const KINDS: readonly Kind[] = ['whole', 'streamed', 'tool call'];
/** Thirteen function tools, the size of what Continue and Qwen Code offer (WIRE.md). */
const TOOLS = Array.from({ length: 13 }, (_, i) => ({
  type: 'function',
  function: {
    name: i === 0 ? 'write_file' : `tool_${i}`,
    description: `Tool number ${i}: does one thing to the workspace and reports what it did.`,
    parameters: { type: 'object', properties: { filepath: { type: 'string', description: 'Path relative to the workspace' }, content: { type: 'string' } }, required: ['filepath'] },
  },
}));
const bodies: Record<Kind, string> = {
  whole: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Say something short about foxes.' }], max_tokens: 64 }),
  streamed: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Say something short about foxes.' }], max_tokens: 64, stream: true }),
  'tool call': JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Write the answer to src/index.ts.' }], tools: TOOLS, stream: true, stream_options: { include_usage: true } }),
};
const body = (stream: boolean) => bodies[stream ? 'streamed' : 'whole'];

interface Service {
  url: string;
  child: ChildProcess;
  readyMs: number;
}

/** Spawns `node ARGS` and resolves when it prints its `listening on URL` line. */
function start(args: string[], env: Record<string, string> = {}, stderr: 'inherit' | 'ignore' = 'inherit'): Promise<Service> {
  const began = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', stderr] });
  return new Promise((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (match) done({ url: match[1]!, child, readyMs: performance.now() - began });
    });
    child.on('exit', (code) => fail(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

function stop(service: Service): Promise<void> {
  return new Promise((done) => {
    if (service.child.exitCode !== null) return done();
    service.child.once('exit', () => done());
    service.child.kill('SIGTERM');
  });
}

async function load(url: string, kind: Kind, options: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  const result = await autocannon({
    url: `${url}/v1/chat/completions`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: bodies[kind],
    ...options,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result;
}

/** Median time of sequential requests on one keep-alive connection, interleaving the targets. */
async function sequential(urls: string[], rounds: number, perRound: number): Promise<number[]> {
  const clients = urls.map((url) => new Client(url, { pipelining: 1 }));
  const samples: number[][] = urls.map(() => []);
  const payload = body(false);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
  for (let round = 0; round < rounds; round++) {
    for (const [index, client] of clients.entries()) {
      for (let i = 0; i < perRound; i++) {
        const began = performance.now();
        const response = await client.request({ method: 'POST', path: '/v1/chat/completions', headers, body: payload });
        await response.body.arrayBuffer();
        if (round > 0) samples[index]!.push(performance.now() - began); // round 0 warms up
      }
    }
  }
  await Promise.all(clients.map((c) => c.close()));
  return samples.map(median);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const pad = (text: string, width: number) => text.padEnd(width);
const fmt = (n: number, digits = 0) => n.toFixed(digits);

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tokenhub-bench-'));
  // The CLI exactly as `npm run package` bundles it (tokenizer encodings in files of their own).
  execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, stdio: 'inherit' });
  const cli = join(ROOT, 'dist', 'cli.js');
  const services: Service[] = [];
  try {
    const upstream = await start(sibling('serverUpstream'));
    services.push(upstream);
    const config = join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        server: { api_token_env: 'BENCH_TOKEN' },
        providers: [{ name: 'bench', type: 'openai', base_url: `${upstream.url}/v1`, api_key_env: 'BENCH_KEY' }],
        models: [{ id: 'bench-model', provider: 'bench', name: 'gpt-bench', weight: 50, cost_per_1k: 0.001, context_size: 128000, capabilities: ['chat', 'tools'] }],
      }),
    );
    const serveArgs = [cli, 'serve', '--config', config, '--port', '0'];
    const serveEnv = { BENCH_TOKEN: TOKEN, BENCH_KEY: 'sk-bench' };

    const readies: number[] = [];
    for (let i = 0; i < 7; i++) {
      const probe = await start(serveArgs, serveEnv, 'ignore');
      readies.push(probe.readyMs);
      await stop(probe);
    }
    const proxy = await start([...sibling('proxy'), upstream.url]);
    services.push(proxy);
    const tokenhub = await start(serveArgs, serveEnv, 'ignore');
    services.push(tokenhub);
    const targets = [
      ['upstream directly', upstream.url],
      ['minimal proxy', proxy.url],
      ['tokenhub serve', tokenhub.url],
    ] as const;

    /*
     * Throughput: the machine is shared and its speed drifts by tens of percent over minutes, so
     * one long run per target would compare different machines. Each round measures every
     * target back to back (the order alternating between rounds); a ratio is taken within each
     * round, and the median over rounds is reported.
     */
    const throughput: Record<string, number[]> = {};
    const ratios: Record<Kind, number[]> = { whole: [], streamed: [], 'tool call': [] };
    for (const kind of KINDS) {
      for (const [, url] of targets) await load(url, kind, { duration: 2 }); // warm-up
      const rounds: Record<string, autocannon.Result[]> = {};
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? targets : [...targets].reverse();
        const rps: Record<string, number> = {};
        for (const [name, url] of order) {
          const result = await load(url, kind);
          (rounds[name] ??= []).push(result);
          rps[name] = result.requests.average;
        }
        ratios[kind].push(rps['tokenhub serve']! / rps['minimal proxy']!);
      }
      for (const [name] of targets) {
        const results = rounds[name]!;
        throughput[`${name}|${kind}`] = [median(results.map((r) => r.requests.average)), median(results.map((r) => r.latency.p50)), median(results.map((r) => r.latency.p99))];
      }
    }
    const [direct, viaProxy, viaTokenhub] = await sequential(targets.map(([, url]) => url), 6, 500);

    const before = await rssMiB(tokenhub.child.pid!);
    const samples: number[] = [];
    const sampler = setInterval(() => void rssMiB(tokenhub.child.pid!).then((v) => samples.push(v)), 500);
    await autocannon({
      url: `${tokenhub.url}/v1/chat/completions`,
      connections: CONNECTIONS,
      amount: MEMORY_REQUESTS,
      requests: [false, true].map((stream) => ({ method: 'POST' as const, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: body(stream) })),
    });
    clearInterval(sampler);
    const after = await rssMiB(tokenhub.child.pid!);
    const firstQuarter = samples.slice(0, Math.max(1, samples.length >> 2));
    const base = Math.max(...firstQuarter);
    const growth = ((after - base) / base) * 100;

    const ratio = (kind: Kind) => median(ratios[kind]);
    const out: string[] = [];
    out.push(`throughput at ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${DURATION_S} s per target (median requests/s, latency p50/p99 ms)`);
    for (const kind of KINDS) {
      for (const [name] of targets) {
        const [rps, p50, p99] = throughput[`${name}|${kind}`]!;
        out.push(`  ${pad(kind, 9)} ${pad(name, 18)} ${pad(fmt(rps!), 8)} ${fmt(p50!)}/${fmt(p99!)}`);
      }
    }
    const check = (ok: boolean) => (ok ? 'met' : 'MISSED');
    const whole = ratio('whole');
    const streamed = ratio('streamed');
    const tools = ratio('tool call');
    const list = (values: number[]) => values.map((v) => fmt(v, 2)).join(' ');
    out.push(`tokenhub / proxy per round: whole ${list(ratios.whole)}; streamed ${list(ratios.streamed)}; tool call ${list(ratios['tool call'])}`);
    const added = viaTokenhub! - direct!;
    const ready = median(readies);
    out.push('');
    out.push(`sequential latency, median of 2,500 requests each: direct ${fmt(direct!, 3)} ms, proxy ${fmt(viaProxy!, 3)} ms, tokenhub ${fmt(viaTokenhub!, 3)} ms`);
    out.push(`memory of tokenhub serve across ${MEMORY_REQUESTS.toLocaleString('en')} requests (half streamed): RSS ${fmt(before)} MiB before, ${fmt(base)} MiB early peak, ${fmt(Math.max(...samples, after))} MiB max, ${fmt(after)} MiB after`);
    out.push(`start to ready (spawn to the listening line), 7 runs: median ${fmt(ready)} ms, range ${fmt(Math.min(...readies))}–${fmt(Math.max(...readies))} ms`);
    out.push('');
    out.push('target                                          figure      result');
    out.push(`throughput whole, tokenhub / proxy ≥ 0.80       ${pad(fmt(whole, 2), 11)} ${check(whole >= 0.8)} (median of rounds)`);
    out.push(`throughput streamed, tokenhub / proxy ≥ 0.80    ${pad(fmt(streamed, 2), 11)} ${check(streamed >= 0.8)} (median of rounds)`);
    out.push(`throughput tool-call stream, tokenhub / proxy   ${pad(fmt(tools, 2), 11)} measured (median of rounds)`);
    out.push(`added sequential latency (median) ≤ 0.35 ms     ${pad(`${fmt(added, 3)} ms`, 11)} ${check(added <= 0.35)}`);
    out.push(`memory growth across 100k requests ≤ 10 %       ${pad(`${fmt(growth, 1)} %`, 11)} ${check(growth <= 10)}`);
    out.push(`start to ready ≤ 300 ms                         ${pad(`${fmt(ready)} ms`, 11)} ${check(ready <= 300)}`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await Promise.all(services.map(stop));
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench/server.ts: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
