/**
 * What the log says while Redis is unreachable. Every connection (ours and the ones
 * BullMQ duplicates) fails and reconnects every couple of seconds, and BullMQ's Worker
 * and Queue re-emit each failure as an 'error' event: logged one by one that is two or
 * more identical lines every 2 s for as long as the outage lasts. Instead the outage is
 * one state with three kinds of lines: one when it starts, a reminder at most once a
 * minute (how long, how many deliveries wait in the database), one when it ends.
 */

export interface OutageLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export const OUTAGE_REMINDER_MS = 60_000;
const WAITING_COUNT_TIMEOUT_MS = 3000;

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);
const CONNECTION_ERROR_TEXT = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|Connection is closed|Stream isn't writeable|max retries per request|None of startup nodes is available|Failed to refresh slots cache|CLUSTERDOWN|TRYAGAIN|LOADING|Connection timeout|connect ETIMEDOUT/i;

/** True for the errors a Redis outage produces (as opposed to a bug or a bad command). */
export function isConnectionError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { code?: string; message?: string; name?: string; lastNodeError?: unknown };
  if (err.code && CONNECTION_ERROR_CODES.has(err.code)) return true;
  if (err.name === 'MaxRetriesPerRequestError') return true;
  return CONNECTION_ERROR_TEXT.test(String(err.message ?? ''));
}

/** "2 min 5 s", "45 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export class RedisOutage {
  private since: number | null = null;
  private reason = '';
  private timer: NodeJS.Timeout | null = null;
  private silenced = false;
  /** Non-connection errors already logged, so a repeating one is not logged every time. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly opts: {
      /** What is unreachable, for the log ("Redis redis://127.0.0.1:6379"). */
      target: string;
      log: OutageLogger;
      /** How many deliveries wait in the database; read for the reminder lines. */
      waiting?: () => Promise<number>;
      remindEveryMs?: number;
      now?: () => number;
    }
  ) {}

  private now() {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  get down(): boolean {
    return this.since !== null;
  }

  /** Redis stopped answering. Logged once; further calls during the same outage are silent. */
  began(reason: string): void {
    if (this.silenced || this.since !== null) return;
    this.since = this.now();
    this.reason = reason;
    const every = this.opts.remindEveryMs ?? OUTAGE_REMINDER_MS;
    this.opts.log.warn(
      `[syndication] ${this.opts.target} is unreachable (${reason}). Deliveries wait in the database and are sent when it is back; reconnecting in the background (reminder every ${formatDuration(every)}).`
    );
    this.timer = setInterval(() => void this.remind(), every);
    this.timer.unref();
  }

  /** Redis answers again. */
  ended(): void {
    if (this.since === null) return;
    const lasted = this.now() - this.since;
    this.clear();
    if (!this.silenced) this.opts.log.info(`[syndication] ${this.opts.target} is reachable again after ${formatDuration(lasted)}; waiting deliveries are being queued.`);
  }

  /**
   * An 'error' event from a connection, BullMQ's Worker or Queue, or a failed job.
   * Connection errors are folded into the outage (started here if nobody noticed yet,
   * unless `connected` says Redis answers, i.e. the error is a stale one); any other
   * error is logged, once per minute for the same message.
   */
  error(source: string, e: unknown, connected = false): void {
    const message = e instanceof Error ? e.message : String(e);
    if (isConnectionError(e)) {
      if (!connected) this.began(message);
      return;
    }
    this.notice(source, message);
  }

  /** A warning that is not an outage (e.g. one cluster node failing), logged once a minute per message. */
  notice(source: string, message: string): void {
    if (this.silenced) return;
    const key = `${source}\u0000${message}`;
    const at = this.seen.get(key);
    const now = this.now();
    if (at !== undefined && now - at < (this.opts.remindEveryMs ?? OUTAGE_REMINDER_MS)) return;
    this.seen.set(key, now);
    if (this.seen.size > 100) this.seen.delete(this.seen.keys().next().value as string);
    this.opts.log.warn(`[syndication] ${source}: ${message}`);
  }

  /** Shutdown: connections are being closed on purpose, nothing more to report. */
  silence(): void {
    this.silenced = true;
    this.clear();
  }

  private clear() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.since = null;
  }

  private async remind(): Promise<void> {
    if (this.since === null || this.silenced) return;
    const lasted = formatDuration(this.now() - this.since);
    let waiting: string;
    try {
      const n = this.opts.waiting ? await withTimeout(this.opts.waiting(), WAITING_COUNT_TIMEOUT_MS) : null;
      waiting = n === null ? '' : `; ${n} deliveries wait in the database`;
    } catch (e) {
      waiting = `; the number of waiting deliveries could not be read (${(e as Error).message})`;
    }
    if (this.since === null || this.silenced) return;
    this.opts.log.warn(`[syndication] ${this.opts.target} still unreachable after ${lasted} (${this.reason})${waiting}.`);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
