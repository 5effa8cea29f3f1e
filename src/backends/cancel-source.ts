/**
 * A request's cancellation as the backends see it: `aborted`, one `onAbort` handler, and 'abort'
 * listeners (`once`/`on`/`off`, EventEmitter's names). The gateway makes one per request instead
 * of an AbortController (an AbortController with one listener added and removed cost ~11 us of
 * CPU per request: EventTarget set-up and listener bookkeeping) or an EventEmitter (~0.5 us: its
 * `init`, a listener table per object): a plain object of three fields, its listener list made
 * only when a listener is added (the streaming path's undici request, the sim and local
 * backends). undici takes it as a request `signal` as it takes an EventEmitter: it calls `on` /
 * `addListener` and `removeListener` (it has no `addEventListener`, so undici never treats it as
 * an EventTarget).
 *
 * Listener semantics are EventEmitter's for the one event: listeners run in the order added, a
 * `once` listener is removed before it runs, a listener added or removed while they run changes
 * nothing for that run, an exception from a listener propagates out of `abort()` (the later ones
 * do not run); adding the same function twice adds it twice and `off` removes the last one added.
 *
 * @example
 * const cancel = new CancelSource();
 * cancel.once('abort', () => upstream.destroy()); // or, for one handler: cancel.onAbort = ...
 * cancel.abort(); // listeners run once; `aborted` stays true
 */

type Listener = () => void;

/** A listener as added: `once` ones are removed before they run. */
interface Entry {
  readonly listener: Listener;
  readonly once: boolean;
}

export class CancelSource {
  aborted = false;
  /**
   * One handler run on abort before the 'abort' listeners, set and cleared by a plain write: the
   * backend's one exchange in flight uses it instead of `on`/`off`.
   */
  onAbort: (() => void) | undefined = undefined;
  #listeners: Entry[] | undefined = undefined;

  /** Aborts (idempotent): sets `aborted`, runs `onAbort`, then the 'abort' listeners. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const handler = this.onAbort;
    this.onAbort = undefined;
    handler?.();
    const listeners = this.#listeners;
    if (listeners === undefined || listeners.length === 0) return;
    const run = listeners.slice();
    for (const entry of run) {
      if (entry.once) {
        const at = this.#listeners?.indexOf(entry) ?? -1;
        if (at >= 0) this.#listeners?.splice(at, 1);
      }
      entry.listener.call(this);
    }
  }

  /** Adds an 'abort' listener. */
  on(event: 'abort', listener: Listener): this {
    return this.#add(event, listener, false);
  }

  /** Adds an 'abort' listener (EventEmitter's other name for `on`: undici calls this one). */
  addListener(event: 'abort', listener: Listener): this {
    return this.#add(event, listener, false);
  }

  /** Adds an 'abort' listener removed before it runs. */
  once(event: 'abort', listener: Listener): this {
    return this.#add(event, listener, true);
  }

  /** Removes the last added entry of `listener` (a no-op when absent). */
  off(event: 'abort', listener: Listener): this {
    const listeners = this.#listeners;
    if (event !== 'abort' || listeners === undefined) return this;
    for (let i = listeners.length - 1; i >= 0; i--) {
      if ((listeners[i] as Entry).listener === listener) {
        listeners.splice(i, 1);
        break;
      }
    }
    return this;
  }

  /** `off` by EventEmitter's other name (undici calls this one). */
  removeListener(event: 'abort', listener: Listener): this {
    return this.off(event, listener);
  }

  /** Listeners of 'abort' now. */
  listenerCount(event: 'abort'): number {
    return event === 'abort' ? (this.#listeners?.length ?? 0) : 0;
  }

  #add(event: 'abort', listener: Listener, once: boolean): this {
    if (event !== 'abort') throw new TypeError(`CancelSource has no '${String(event)}' event`);
    if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
    this.#listeners ??= [];
    this.#listeners.push({ listener, once });
    return this;
  }
}
