/** The part of the webview API both panels use: messages out (typed per panel), saved state. */
export interface VsCodeApi<Message> {
  postMessage(message: Message): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi<Message>(): VsCodeApi<Message>;

/** The webview's API, typed with the panel's outgoing messages (callable once per page). */
export function vscodeApi<Message>(): VsCodeApi<Message> {
  return acquireVsCodeApi<Message>();
}
