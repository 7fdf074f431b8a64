import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

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

/**
 * Corks the response's socket until the end of this turn of the event loop, once per turn. A
 * stream's last batch and its end (`[DONE]` and the chunked terminator) usually come from the
 * same upstream read, so they then leave in one write instead of two; a batch never waits
 * longer than the current turn.
 */
export function corkForTurn(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket || corked.has(socket)) return;
  corked.add(socket);
  socket.cork();
  setImmediate(uncork, socket);
}

const corked = new WeakSet<Socket>();

function uncork(socket: Socket): void {
  corked.delete(socket);
  socket.uncork();
}
