import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Writes a frame and, when the socket's buffer is full, waits for it to drain (or for the
 * client to go away), so a slow client slows the upstream read instead of filling memory.
 *
 * Frames written in one turn of the event loop (the chunks of one upstream read) go out in one
 * write: the socket is corked at the first and uncorked on the next turn. Bytes still leave as
 * they arrive, a turn later at most, and a stream of many small chunks costs one syscall per
 * upstream read instead of one per chunk.
 */
export async function writeFrame(res: ServerResponse, frame: string): Promise<void> {
  if (frame === '') return;
  const socket = res.socket;
  if (socket && !corked.has(socket)) {
    corked.add(socket);
    socket.cork();
    setImmediate(uncork, socket);
  }
  if (res.write(frame)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

const corked = new WeakSet<Socket>();

function uncork(socket: Socket): void {
  corked.delete(socket);
  socket.uncork();
}
