/**
 * Stopping on SIGTERM / SIGINT whatever the state of Redis and the database.
 *
 * Strapi 5.54 (`@strapi/core` utils/signals.js) handles both signals for `strapi start`,
 * `strapi develop` and any `createStrapi()` (so `npm run worker` too): on the first one it
 * awaits `strapi.destroy()` and then calls `process.exit()`; a second signal is ignored.
 * So if one step of destroy waits for something that never comes (a Redis command queued
 * while ioredis reconnects, a pool waiting for a database that is gone) the process never
 * exits. Two guards:
 *  - every step of the plugin's destroy runs with a time limit (`step`), and says what it
 *    waits for and when it gives up;
 *  - on the first signal a watchdog is armed: if the process is still alive
 *    `shutdownGraceMs + WATCHDOG_MARGIN_MS` later, it says which step hangs and exits.
 * Work not finished by then stays open in the database; the reconciler sends it after
 * the restart.
 */

export interface ShutdownLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** Time after the grace period for closing the queue, Redis and the database. */
export const WATCHDOG_MARGIN_MS = 3000;

const STATE = Symbol.for('syndication.shutdown');

interface State {
  signal: NodeJS.Signals | null;
  startedAt: number;
  current: string | null;
  listener: ((signal: NodeJS.Signals) => void) | null;
  /** Called when a signal arrives, before destroy starts (e.g. to silence outage logging). */
  hooks: Set<() => void>;
}

function state(): State {
  const g = globalThis as unknown as Record<symbol, State | undefined>;
  return (g[STATE] ??= { signal: null, startedAt: 0, current: null, listener: null, hooks: new Set() });
}

/** True once SIGTERM or SIGINT was received by this process. */
export function shuttingDown(): boolean {
  return state().signal !== null;
}

/** Runs `fn` when the first SIGTERM / SIGINT arrives. */
export function onShutdownSignal(fn: () => void): () => void {
  state().hooks.add(fn);
  return () => state().hooks.delete(fn);
}

/**
 * Arms the watchdog on the first SIGTERM / SIGINT. Installed once per process (register);
 * Strapi's own handler, installed earlier by createStrapi, runs destroy.
 */
export function watchShutdownSignals(opts: { graceMs: number; log: ShutdownLogger; what: string }): void {
  const s = state();
  // strapi.destroy() removes every process listener; a later Strapi in the same process
  // (tests boot several) installs it again.
  if (s.listener && process.listeners('SIGTERM').includes(s.listener)) return;
  s.signal = null;
  s.listener = (signal) => {
    if (s.signal) {
      opts.log.info(`[syndication] ${signal}: already stopping${s.current ? ` (waiting for ${s.current})` : ''}`);
      return;
    }
    s.signal = signal;
    s.startedAt = Date.now();
    const limit = opts.graceMs + WATCHDOG_MARGIN_MS;
    opts.log.info(
      `[syndication] ${signal}: stopping the ${opts.what}. In-flight deliveries get up to ${opts.graceMs} ms (SYNDICATION_SHUTDOWN_GRACE_MS), then the queue, Redis and the database are closed; the process exits by force after ${limit} ms if anything hangs.`
    );
    for (const hook of s.hooks) {
      try {
        hook();
      } catch {
        // a hook must never prevent the shutdown
      }
    }
    const timer = setTimeout(() => {
      opts.log.error(
        `[syndication] shutdown still waiting for ${s.current ?? "Strapi's own shutdown (HTTP server, database pool)"} after ${Date.now() - s.startedAt} ms: giving up and exiting now. Unfinished deliveries stay open in the database; the reconciler sends them after the restart.`
      );
      process.exit(1);
    }, limit);
    timer.unref();
  };
  process.on('SIGTERM', s.listener);
  process.on('SIGINT', s.listener);
}

/**
 * Runs one shutdown step, waiting at most `ms`. Never throws: a failed or hanging step
 * is logged and the shutdown goes on to the next one.
 */
export async function step(log: ShutdownLogger, what: string, ms: number, fn: () => Promise<unknown> | unknown): Promise<boolean> {
  const s = state();
  s.current = what;
  const started = Date.now();
  try {
    const done = await settleWithin(Promise.resolve().then(fn), ms);
    if (!done) log.warn(`[syndication] shutdown: gave up waiting for ${what} after ${Date.now() - started} ms`);
    return done;
  } catch (e) {
    log.warn(`[syndication] shutdown: ${what} failed: ${(e as Error).message}`);
    return false;
  } finally {
    if (s.current === what) s.current = null;
  }
}

/** Resolves true when `p` settles within `ms` (rejections propagate), false otherwise. */
export function settleWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms));
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
