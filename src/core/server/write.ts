import type { ServerResponse } from 'node:http';

/**
 * Resolves when a response whose last `write` returned false has drained (or the client went
 * away), so a slow client slows the upstream read instead of filling memory. Callers write first
 * and wait only when the socket's buffer is full: the common case costs no promise at all.
 */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    if (res.destroyed || !res.writableNeedDrain) return resolve();
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
