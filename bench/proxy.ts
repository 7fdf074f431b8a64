/**
 * The floor for any Node proxy: node:http in, undici out, nothing parsed. It forwards only
 * `content-type` and `authorization` and pipes both bodies, the least a proxy can do and still
 * work (copying every header would slow the floor and flatter the ratio).
 * `node --import tsx bench/proxy.ts UPSTREAM_ORIGIN`; prints its URL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { Pool } from 'undici';

const pool = new Pool(process.argv[2]!, { connections: 256, keepAliveTimeout: 60_000 });

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const headers: Record<string, string> = {};
  if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
  if (req.headers.authorization) headers.authorization = req.headers.authorization;
  pool.request({ method: req.method as 'POST', path: req.url ?? '/', headers, body: req }).then(
    (upstream) => {
      const type = upstream.headers['content-type'];
      res.writeHead(upstream.statusCode, typeof type === 'string' ? { 'content-type': type } : {});
      pipeline(upstream.body, res, () => undefined);
    },
    () => {
      res.writeHead(502);
      res.end();
    },
  );
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
