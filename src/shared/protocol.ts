/**
 * The webview message protocol, shared by the extension host (src/vscode) and the panel script
 * (media/). Types and validators only: no `vscode`, no DOM.
 *
 * The panel announces itself with `ready`; the host answers with a complete `snapshot` carrying a
 * rising sequence number (never a delta that could be lost), and the panel acknowledges what it drew.
 */

/** Bumped when a message changes shape; the host refuses a panel script of another version. */
export const protocolVersion = 1;

/** What the panel shows. The adversarial phases join this later. */
export interface PanelState {
  readonly title: string;
  readonly notice: string;
}

/** Messages from the panel script to the extension host. */
export type WebviewMessage =
  /** The script has loaded and listens; the host sends a full snapshot. */
  | { readonly type: 'ready'; readonly protocol: number }
  /** The snapshot with this sequence number is on screen. */
  | { readonly type: 'rendered'; readonly seq: number };

/** Messages from the extension host to the panel script. */
export type HostMessage =
  /** The whole state; a panel ignores a snapshot older than the one it shows. */
  { readonly type: 'snapshot'; readonly seq: number; readonly state: PanelState };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Checks what arrived from the webview; anything else is `undefined` and is dropped. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return typeof value.protocol === 'number' ? { type: 'ready', protocol: value.protocol } : undefined;
    case 'rendered':
      return isSeq(value.seq) ? { type: 'rendered', seq: value.seq } : undefined;
    default:
      return undefined;
  }
}

/** Checks what arrived from the host; anything else is `undefined` and is dropped. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isRecord(value) || value.type !== 'snapshot' || !isSeq(value.seq) || !isRecord(value.state)) return undefined;
  const { title, notice } = value.state;
  if (typeof title !== 'string' || typeof notice !== 'string') return undefined;
  return { type: 'snapshot', seq: value.seq, state: { title, notice } };
}
