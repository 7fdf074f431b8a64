import type { ServerResponse } from 'node:http';

/**
 * Writes a frame and, when the socket's buffer is full, waits for it to drain (or for the
 * client to go away), so a slow client slows the upstream read instead of filling memory.
 */
export async function writeFrame(res: ServerResponse, frame: string): Promise<void> {
  if (frame === '' || res.write(frame)) return;
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
