import type * as vscode from 'vscode';
import type { Logger } from '../core/ports';

/** The core's Logger port on a LogOutputChannel ("Tokenhub: Show Log"). Fields are shapes, never secrets. */
export function channelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    log(level, message, fields) {
      const suffix = fields
        ? ` ${Object.entries(fields)
            .filter(([, value]) => value !== undefined)
            .map(([key, value]) => `${key}=${String(value)}`)
            .join(' ')}`
        : '';
      channel[level](`${message}${suffix}`);
    },
  };
}
