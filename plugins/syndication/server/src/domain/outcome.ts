/**
 * What one attempt's result does to its delivery record: the outcome → record change,
 * as a pure function (no database, no Redis, no clock of its own). The dispatcher makes
 * the request, asks `decideOutcome` what it means, then writes the patch and carries out
 * the side effects it names (block the portal until a Retry-After, pause it after a 410,
 * note its health).
 *
 *   2xx              delivered | awaiting_review (review-mode portal, not yet published) | withdrawn
 *   410 Gone         failed, and the portal is paused (an administrator decides)
 *   other 4xx        failed at once: repeating the same request will not help
 *   network/408/425/429/5xx  retrying at the next step of the schedule (never before a
 *                    Retry-After; at the longest step once the portal is unhealthy), or
 *                    failed when the schedule is exhausted
 */
import { DELIVERY_EVENT, DELIVERY_STATUS, type DeliveryEvent, type PublishMode } from '../constants';
import type { DeliveryPatch } from '../services/delivery-store';
import { classifyStatus, nextAttemptDelay, type OutcomeClass } from './retry-policy';

export interface AttemptResult {
  /** null when nothing came back (network error, timeout). */
  httpStatus: number | null;
  retryAfterMs: number | null;
  remoteId: string | null;
  remoteUrl: string | null;
  error: string | null;
}

export interface OutcomeInput {
  event: DeliveryEvent;
  version: number;
  publishMode: PublishMode;
  /** The record before this attempt. */
  record: { attempts: number; remoteId: string | null; remoteUrl: string | null; deliveredAt: Date | null; portalPublishedAt: Date | null };
  result: AttemptResult;
  startedAt: Date;
  now: number;
  /** Seconds between attempts (config.retrySchedule). */
  retrySchedule: number[];
  /** The record's Decision 96 deadline: past the schedule, retries go on until it has passed. */
  deadlineAt?: Date | null;
  /** The portal has failed for longer than the unhealthy threshold (only asked for retryable results). */
  portalUnhealthy: boolean;
  random?: () => number;
}

export type OutcomeKind = 'delivered' | 'awaiting-review' | 'withdrawn' | 'gone' | 'rejected' | 'retrying' | 'gave-up';

export interface Outcome {
  kind: OutcomeKind;
  /** The attempt log's outcome column. */
  attemptOutcome: OutcomeClass;
  attemptNo: number;
  patch: DeliveryPatch;
  /** retrying: when the next attempt is due (ms since epoch). */
  retryAt: number | null;
  /** A 429 with Retry-After: no request to this portal before then (ms since epoch). */
  portalBlockedUntil: number | null;
  /** 410: pause the portal, with this reason. */
  pauseReason: string | null;
}

export function decideOutcome(input: OutcomeInput): Outcome {
  const { event, version, record, result, now } = input;
  const attemptNo = record.attempts + 1;
  const attemptOutcome = classifyStatus(result.httpStatus);
  const base: DeliveryPatch = { attempts: attemptNo, lastHttpStatus: result.httpStatus, lastAttemptAt: input.startedAt };
  const at = new Date(now);
  const done = (kind: OutcomeKind, patch: DeliveryPatch, extra: Partial<Outcome> = {}): Outcome => ({
    kind,
    attemptOutcome,
    attemptNo,
    patch: { ...base, ...patch },
    retryAt: null,
    portalBlockedUntil: null,
    pauseReason: null,
    ...extra,
  });

  switch (attemptOutcome) {
    case 'success': {
      if (event === DELIVERY_EVENT.withdrawn) return done('withdrawn', { status: DELIVERY_STATUS.withdrawn, withdrawnAt: at, lastError: null, nextAttemptAt: null });
      // A review-mode portal holds created/updated items for its editors; "published" is their approval coming back.
      const review = input.publishMode === 'review' && event !== DELIVERY_EVENT.published;
      const patch: DeliveryPatch = {
        status: review ? DELIVERY_STATUS.awaitingReview : event === DELIVERY_EVENT.published ? DELIVERY_STATUS.published : DELIVERY_STATUS.delivered,
        lastError: null,
        nextAttemptAt: null,
        deliveredVersion: version,
        remoteId: result.remoteId ?? record.remoteId,
        remoteUrl: result.remoteUrl ?? record.remoteUrl,
      };
      if (!record.deliveredAt) patch.deliveredAt = at;
      if (!review && !record.portalPublishedAt) patch.portalPublishedAt = at;
      return done(review ? 'awaiting-review' : 'delivered', patch);
    }
    case 'gone': {
      const reason = `HTTP 410 Gone lúc ${at.toISOString()}: cổng báo không còn nhận tin / the portal no longer accepts deliveries`;
      return done('gone', { status: DELIVERY_STATUS.failed, lastError: reason, nextAttemptAt: null }, { pauseReason: reason });
    }
    case 'reject':
      return done('rejected', { status: DELIVERY_STATUS.failed, lastError: result.error ?? `HTTP ${result.httpStatus}`, nextAttemptAt: null });
    default: {
      // Retryable: network error, timeout, 408/425/429/5xx.
      const portalBlockedUntil = result.httpStatus === 429 && result.retryAfterMs ? now + result.retryAfterMs : null;
      let wait = nextAttemptDelay({ attempts: attemptNo, schedule: input.retrySchedule, retryAfterMs: result.retryAfterMs, random: input.random, deadlineAt: input.deadlineAt, now });
      // Do not hammer a portal that has been down for days: the longest step of the schedule.
      if (wait !== null && input.portalUnhealthy) wait = Math.max(wait, Math.max(...input.retrySchedule) * 1000);
      if (wait === null) {
        return done('gave-up', { status: DELIVERY_STATUS.failed, lastError: `Đã thử ${attemptNo} lần / Gave up after ${attemptNo} attempts: ${result.error}`, nextAttemptAt: null }, { portalBlockedUntil });
      }
      const retryAt = now + wait;
      return done('retrying', { status: DELIVERY_STATUS.retrying, lastError: result.error, nextAttemptAt: new Date(retryAt) }, { retryAt, portalBlockedUntil });
    }
  }
}

/** Why nothing can be sent to a portal (removed, paused, no endpoint), or null when it can take deliveries. */
export function skipReason(portal: { active: boolean; endpoint: string | null; pausedReason: string | null } | null | undefined): string | null {
  if (!portal) return 'Cổng đã bị xóa / Portal removed';
  if (!portal.active) return `Cổng đang tạm dừng / Portal is paused${portal.pausedReason ? `: ${portal.pausedReason}` : ''}`;
  if (!portal.endpoint) return 'Cổng chưa có địa chỉ nhận tin / Portal has no delivery endpoint';
  return null;
}
