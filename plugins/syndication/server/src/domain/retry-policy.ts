/**
 * How a delivery attempt's outcome is classified and when the next attempt is due.
 * Pure functions: the worker feeds them an HTTP status (or a network error) and the
 * attempt count kept in the database, never BullMQ's own counters, so the schedule
 * survives a Redis flush.
 */

/**
 * Default delays between attempts, in seconds. Together they span about 5.6 days;
 * when a delivery's deadline lies further out (a deadline across Tết spans 11 calendar
 * days), attempts go on at the last interval until the deadline has passed.
 */
export const DEFAULT_RETRY_SCHEDULE = [5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 43200, 43200, 43200, 43200, 43200, 43200, 43200, 43200, 43200, 43200];

/** Upper bound on an honoured Retry-After (a portal may not park a delivery for ever). */
export const MAX_RETRY_AFTER_SECONDS = 24 * 3600;

export type OutcomeClass = 'success' | 'retry' | 'gone' | 'reject';

/** 408 Request Timeout, 425 Too Early, 429 Too Many Requests and 5xx are worth retrying. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

export function classifyStatus(httpStatus: number | null | undefined): OutcomeClass {
  if (httpStatus == null) return 'retry'; // network error or timeout: nothing came back
  if (httpStatus >= 200 && httpStatus < 300) return 'success';
  if (httpStatus === 410) return 'gone';
  if (httpStatus >= 500 || RETRYABLE_4XX.has(httpStatus)) return 'retry';
  return 'reject'; // other 4xx and unexpected 1xx/3xx: the request itself is wrong, repeating it will not help
}

/** Parses a Retry-After header (delta-seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(header: string | string[] | undefined | null, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value == null || value === '') return null;
  const trimmed = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(Number(trimmed), MAX_RETRY_AFTER_SECONDS) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_SECONDS * 1000);
}

/** Parses SYNDICATION_RETRY_SCHEDULE ("5,30,120" seconds; decimals allowed for tests). */
export function parseRetrySchedule(text: string | undefined | null): number[] | null {
  if (text == null || text.trim() === '') return null;
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean).map(Number);
  if (parts.length === 0 || parts.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new Error(`SYNDICATION_RETRY_SCHEDULE must be a comma-separated list of non-negative seconds, got "${text}"`);
  }
  return parts;
}

export interface NextAttemptInput {
  /** Attempts made so far, including the one that just failed. */
  attempts: number;
  schedule: number[];
  /** From the portal's Retry-After header, in ms. */
  retryAfterMs?: number | null;
  /** Random source in [0, 1), injectable for tests. */
  random?: () => number;
  /** The delivery's Decision 96 deadline: an open delivery is retried at least until it has passed. */
  deadlineAt?: Date | string | number | null;
  now?: number;
}

/**
 * Delay in ms before the next attempt, or null when the schedule is exhausted.
 * ±20% jitter spreads 119 portals' retries so a recovering server is not hit at once;
 * a Retry-After is a floor: the portal is never called earlier than it asked.
 */
export function nextAttemptDelay({ attempts, schedule, retryAfterMs, random = Math.random, deadlineAt, now = Date.now() }: NextAttemptInput): number | null {
  const index = attempts - 1;
  if (schedule.length === 0) return null;
  if (index >= schedule.length) {
    // Past the schedule: keep trying at its last interval while the deadline (e.g. across Tết) is still ahead.
    const deadline = deadlineAt == null ? NaN : new Date(deadlineAt).getTime();
    if (!(deadline > now)) return null;
  }
  const base = schedule[Math.min(Math.max(0, index), schedule.length - 1)] * 1000;
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
