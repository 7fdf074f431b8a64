/**
 * The checks both webview protocols (protocol.ts, askProtocol.ts) run on what crosses the
 * boundary. Plain functions: no `vscode`, no DOM.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A snapshot sequence number: a non-negative safe integer. */
export function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export const isString = (value: unknown): value is string => typeof value === 'string';
/** A finite number that is not negative (tokens, costs, durations). */
export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
/** Absent, or passing `check`. */
export const optional = <T>(value: unknown, check: (v: unknown) => v is T): boolean => value === undefined || check(value);
/** One of `allowed` (a closed list of strings). */
export const isOneOf = <T extends string>(value: unknown, allowed: readonly T[]): value is T => typeof value === 'string' && (allowed as readonly string[]).includes(value);

/** What both panels send about themselves: loaded and listening (`ready`), a snapshot on screen (`rendered`). */
export type HandshakeMessage =
  /** The script has loaded and listens; the host sends a full snapshot. */
  | { readonly type: 'ready'; readonly protocol: number }
  /** The snapshot with this sequence number is on screen. */
  | { readonly type: 'rendered'; readonly seq: number };

/** A panel's `ready` or `rendered` message, else `undefined` (both protocols). */
export function parseHandshake(value: Record<string, unknown>): HandshakeMessage | undefined {
  if (value.type === 'ready') return typeof value.protocol === 'number' ? { type: 'ready', protocol: value.protocol } : undefined;
  if (value.type === 'rendered') return isSeq(value.seq) ? { type: 'rendered', seq: value.seq } : undefined;
  return undefined;
}

/** A host's `{type: "snapshot", seq, state}` message with a valid state, else `undefined` (both protocols). */
export function parseSnapshot<S>(value: unknown, isState: (state: unknown) => state is S): { type: 'snapshot'; seq: number; state: S } | undefined {
  if (!isRecord(value) || value.type !== 'snapshot' || !isSeq(value.seq) || !isState(value.state)) return undefined;
  return { type: 'snapshot', seq: value.seq, state: value.state };
}
