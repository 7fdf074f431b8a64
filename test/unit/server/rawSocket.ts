// Raw HTTP over node:net, for what no client library sends or shows: malformed Host headers,
// a body trickled a byte at a time, and whether the server closes the socket after an answer.
import { connect, type Socket } from 'node:net';

/** What came back on one connection. */
export interface RawExchange {
  /** Everything the server sent, as text. */
  text: string;
  /** The HTTP status of the first answer. */
  status: number;
  /** The server ended the connection (before `waitMs` passed). */
  closed: boolean;
}

/** The socket of a raw exchange, to write more while it is open. */
export interface RawConnection {
  socket: Socket;
  /** What arrived so far. */
  received(): string;
  /** Resolves when the server closes the connection or `waitMs` passes, whichever is first. */
  done(waitMs: number): Promise<RawExchange>;
}

/** Opens a connection to 127.0.0.1:`port` and writes `request` (more can follow through `socket`). */
export async function openRaw(port: number, request: string): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let text = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('error', () => undefined);
  const ended = new Promise<void>((resolve) => socket.once('close', () => ((closed = true), resolve())));
  socket.write(request);
  return {
    socket,
    received: () => text,
    async done(waitMs) {
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
      const exchange = { text, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), closed };
      socket.destroy();
      return exchange;
    },
  };
}

/** One request, then what came back once the server closed or `waitMs` passed. */
export async function rawRequest(port: number, request: string, waitMs = 5000): Promise<RawExchange> {
  return (await openRaw(port, request)).done(waitMs);
}
