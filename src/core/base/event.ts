import { type IDisposable, toDisposable } from './lifecycle';

/** A subscription function shaped like `vscode.Event`, so the VS Code layer can pass it through. */
export type Event<T> = (listener: (value: T) => void) => IDisposable;

/** Fires values to listeners; a listener that throws does not stop the others. */
export class Emitter<T> implements IDisposable {
  private listeners = new Set<(value: T) => void>();
  private disposed = false;

  readonly event: Event<T> = (listener) => {
    if (this.disposed) return toDisposable(() => undefined);
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // A broken listener must not break the emitter or the others.
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
