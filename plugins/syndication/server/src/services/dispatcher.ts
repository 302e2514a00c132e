/**
 * The worker: takes "deliver record N" jobs and carries out one attempt each.
 *
 *   load record → superseded? → portal paused? → portal gate (Retry-After, in-flight cap)
 *   → per-record lock (ordering) → adapter.send → classify → write outcome → ack
 *
 * Isolation: each request has a timeout; a portal gets at most `portalConcurrency`
 * requests in flight per process; a busy or rate-limited portal's jobs are moved back
 * to "delayed" instead of occupying a worker slot, so 12 hanging portals cannot hold
 * up the other 107.
 */
import type { Core } from '@strapi/strapi';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { RedisClient } from '../infra/redis';
import { settleWithin } from '../infra/shutdown';
import { createAdapters, type DeliveryAdapter } from '../adapters';
import { DELIVERY_EVENT, DELIVERY_STATUS, OPEN_STATUSES, QUEUE_NAME, TABLE } from '../constants';
import type { SyndicationConfig } from '../config';
import { classifyStatus, nextAttemptDelay } from '../domain/retry-policy';
import { outboundPolicy } from '../infra/outbound-guard';
import { getService } from '../utils';
import type { JobData } from './queue';
import type { PortalRow } from './portal';

const PORTAL_CACHE_MS = 2000;
const BUSY_RETRY_MS = 150;

export function messageId(itemDocumentId: string, portalCode: string, version: number, event: string): string {
  return `${itemDocumentId}.${portalCode}.v${version}.${event}`;
}

const dispatcher = ({ strapi }: { strapi: Core.Strapi }) => {
  let worker: Worker<JobData> | null = null;
  let redis: RedisClient | null = null;
  /** Jobs being processed by this process, so that stop() knows what it waits for. */
  const running = new Set<Promise<unknown>>();
  let adapters: Map<string, DeliveryAdapter> = new Map();
  const inFlight = new Map<string, number>();
  const portalCache = new Map<string, { at: number; portal: PortalRow | null }>();
  const config = () => strapi.config.get('plugin::syndication') as SyndicationConfig;
  const prefix = () => config().queuePrefix;
  const notBeforeKey = (code: string) => `${prefix()}:portal:${code}:not-before`;
  const lockKey = (id: number) => `${prefix()}:delivery:${id}:lock`;

  async function portal(code: string): Promise<PortalRow | null> {
    const hit = portalCache.get(code);
    if (hit && Date.now() - hit.at < PORTAL_CACHE_MS) return hit.portal;
    const row = (await strapi.db.connection(TABLE.portal).where({ code }).first()) ?? null;
    const p = row && {
      ...row,
      active: Boolean(row.active),
      healthy: row.healthy == null ? true : Boolean(row.healthy),
      publishMode: row.publish_mode,
      pausedReason: row.paused_reason,
      failingSince: row.failing_since,
      sectionMap: typeof row.section_map === 'string' ? JSON.parse(row.section_map) : row.section_map,
    };
    portalCache.set(code, { at: Date.now(), portal: p });
    return p;
  }

  const delay = async (job: Job<JobData>, token: string | undefined, until: number): Promise<never> => {
    await job.moveToDelayed(Math.max(until, Date.now() + 1), token);
    throw new DelayedError();
  };

  async function processJob(job: Job<JobData>, token?: string): Promise<string> {
    const { deliveryId, version, event } = job.data;
    const row = await strapi.db.connection(TABLE.delivery).where({ id: deliveryId }).first();
    if (!row || !OPEN_STATUSES.includes(row.status) || Number(row.version) !== version || row.event !== event) return 'superseded';
    const due = row.next_attempt_at ? new Date(row.next_attempt_at).getTime() : 0;
    if (due > Date.now() + 50) return delay(job, token, due); // re-enqueued early (reconciler, stalled job)

    const expect = { version, event };
    const p = await portal(row.portal_code);
    if (!p || !p.active || !p.endpoint) {
      const reason = !p ? 'Cổng đã bị xóa / Portal removed' : !p.active ? `Cổng đang tạm dừng / Portal is paused${p.pausedReason ? `: ${p.pausedReason}` : ''}` : 'Cổng chưa có địa chỉ nhận tin / Portal has no delivery endpoint';
      await getService('recordWriter', strapi).record({ id: deliveryId, expect, patch: { status: DELIVERY_STATUS.skipped, last_error: reason, next_attempt_at: null } }, null);
      return 'skipped';
    }

    // Portal gate: never call a portal earlier than its Retry-After; cap requests in flight.
    const code = p.code;
    const lockToken = `${process.pid}:${job.id}`;
    const lockTtl = config().requestTimeoutMs + 10000;
    const [[, notBefore], [, locked]] = (await redis!.multi().get(notBeforeKey(code)).set(lockKey(deliveryId), lockToken, 'PX', lockTtl, 'NX').exec()) as any;
    const blockedUntil = Number(notBefore) || 0;
    if (blockedUntil > Date.now() || locked !== 'OK' || (inFlight.get(code) ?? 0) >= config().portalConcurrency) {
      if (locked === 'OK') await redis!.del(lockKey(deliveryId));
      return delay(job, token, Math.max(blockedUntil, Date.now() + BUSY_RETRY_MS + Math.floor(Math.random() * BUSY_RETRY_MS)));
    }

    inFlight.set(code, (inFlight.get(code) ?? 0) + 1);
    const writer = getService('recordWriter', strapi);
    let result;
    const startedAt = new Date();
    try {
      writer.note({ id: deliveryId, expect, patch: { status: DELIVERY_STATUS.sending, last_attempt_at: startedAt } });
      const body = await buildBody(row, p, version, event);
      const adapter = adapters.get(p.adapter) ?? adapters.get('webhook')!;
      result = await adapter.send({
        portal: { code, endpoint: p.endpoint, secrets: getService('secrets', strapi).signingSecrets(p as any) },
        event,
        messageId: messageId(row.item_document_id, code, version, event),
        body,
        timeoutMs: config().requestTimeoutMs,
      });
    } finally {
      inFlight.set(code, (inFlight.get(code) ?? 1) - 1);
      await redis!.del(lockKey(deliveryId)).catch(() => undefined);
    }

    const attemptNo = Number(row.attempts) + 1;
    const outcome = classifyStatus(result.httpStatus);
    const attempt = {
      delivery_id: deliveryId,
      portal_code: code,
      event,
      version,
      attempt_no: attemptNo,
      started_at: startedAt,
      duration_ms: result.durationMs,
      http_status: result.httpStatus,
      outcome,
      excerpt: result.excerpt,
      trigger: job.data.trigger ?? 'scheduled',
    };
    const now = new Date();
    const base = { attempts: attemptNo, last_http_status: result.httpStatus, last_attempt_at: startedAt };
    const health = getService('portalHealth', strapi);

    if (outcome === 'success') {
      const patch: Record<string, unknown> = { ...base, last_error: null, next_attempt_at: null };
      if (event === DELIVERY_EVENT.withdrawn) Object.assign(patch, { status: DELIVERY_STATUS.withdrawn, withdrawn_at: now });
      else {
        const review = p.publishMode === 'review' && event !== DELIVERY_EVENT.published;
        Object.assign(patch, {
          status: review ? DELIVERY_STATUS.awaitingReview : event === DELIVERY_EVENT.published ? DELIVERY_STATUS.published : DELIVERY_STATUS.delivered,
          delivered_version: version,
          remote_id: result.remoteId ?? row.remote_id,
          remote_url: result.remoteUrl ?? row.remote_url,
        });
        if (!row.delivered_at) patch.delivered_at = now;
        if (!review && !row.portal_published_at) patch.portal_published_at = now;
      }
      await writer.record({ id: deliveryId, expect, patch }, attempt);
      health.succeeded(p);
      return 'delivered';
    }

    if (outcome === 'gone') {
      const reason = `HTTP 410 Gone lúc ${now.toISOString()}: cổng báo không còn nhận tin / the portal no longer accepts deliveries`;
      await writer.record({ id: deliveryId, expect, patch: { ...base, status: DELIVERY_STATUS.failed, last_error: reason, next_attempt_at: null } }, attempt);
      await health.gone(p, reason);
      portalCache.delete(code); // the next job re-reads the portal and sees it paused
      return 'gone';
    }

    if (outcome === 'reject') {
      await writer.record({ id: deliveryId, expect, patch: { ...base, status: DELIVERY_STATUS.failed, last_error: result.error ?? `HTTP ${result.httpStatus}`, next_attempt_at: null } }, attempt);
      return 'rejected';
    }

    // Retryable: network error, timeout, 408/425/429/5xx.
    if (result.httpStatus === 429 && result.retryAfterMs) {
      await redis!.set(notBeforeKey(code), String(Date.now() + result.retryAfterMs), 'PX', result.retryAfterMs);
    }
    let wait = nextAttemptDelay({ attempts: attemptNo, schedule: config().retrySchedule, retryAfterMs: result.retryAfterMs, deadlineAt: row.deadline_at });
    const unhealthy = await health.failed(p);
    if (wait !== null && unhealthy) wait = Math.max(wait, Math.max(...config().retrySchedule) * 1000); // do not hammer a portal that has been down for days
    if (wait === null) {
      await writer.record({ id: deliveryId, expect, patch: { ...base, status: DELIVERY_STATUS.failed, last_error: `Đã thử ${attemptNo} lần / Gave up after ${attemptNo} attempts: ${result.error}`, next_attempt_at: null } }, attempt);
      return 'failed';
    }
    const nextAt = Date.now() + wait;
    await writer.record({ id: deliveryId, expect, patch: { ...base, status: DELIVERY_STATUS.retrying, last_error: result.error, next_attempt_at: new Date(nextAt) } }, attempt);
    return delay(job, token, nextAt);
  }

  async function buildBody(row: any, p: PortalRow, version: number, event: string): Promise<string> {
    const payload = await getService('snapshot', strapi).get(row.item_document_id, version);
    const item =
      event === DELIVERY_EVENT.withdrawn || !payload
        ? { documentId: row.item_document_id, version, slug: payload?.slug ?? null, title: payload?.title ?? null }
        : payload;
    return JSON.stringify({
      type: event,
      timestamp: new Date().toISOString(),
      data: {
        item,
        delivery: {
          // The record's id: a portal reviewing in its own CMS reports back with it (POST /api/syndication/callbacks/:code).
          id: Number(row.id),
          portal: p.code,
          section: (payload && p.sectionMap?.[payload.category]) ?? null,
          publishMode: p.publishMode,
          version,
        },
        source: payload?.source ?? null,
      },
    });
  }

  return {
    process: processJob,

    start(redisConnFactory: () => RedisClient, workerConnection: RedisClient) {
      const cfg = config();
      redis = redisConnFactory();
      adapters = createAdapters({ maxSocketsPerPortal: cfg.portalConcurrency, outbound: () => outboundPolicy(config()) });
      const track = <T>(p: Promise<T>): Promise<T> => {
        running.add(p);
        const forget = () => running.delete(p);
        p.then(forget, forget);
        return p;
      };
      worker = new Worker<JobData>(QUEUE_NAME, (job, token) => track(processJob(job, token)), {
        connection: workerConnection,
        prefix: cfg.queuePrefix,
        concurrency: cfg.concurrency,
        stalledInterval: cfg.stalledIntervalMs,
        lockDuration: Math.max(cfg.stalledIntervalMs, cfg.requestTimeoutMs + 5000),
        maxStalledCount: 5,
        removeOnComplete: { count: 0 },
        removeOnFail: { count: 0 },
      });
      // Connection errors are folded into one outage log by the Redis supervisor.
      const report = (source: string, e: Error) => {
        const supervisor = getService('queue', strapi).redis;
        if (supervisor) supervisor.noteError(source, e);
        else strapi.log.warn(`[syndication] ${source}: ${e.message}`);
      };
      worker.on('error', (e) => report('worker', e));
      worker.on('failed', (job, e) => report(`job ${job?.id} failed; the reconciler will pick its record up again`, e));
    },

    /** Drops the cached portal rows: the next job of each portal re-reads it (an administrator edited portals). */
    forgetPortals(): void {
      portalCache.clear();
    },

    get running() {
      return worker !== null;
    },

    /**
     * Stops taking jobs and lets the attempts in flight finish within the grace period.
     * It waits for the attempts, not for BullMQ's close: with Redis unreachable that close
     * would wait for a reconnect. Attempts still running after the grace period are
     * abandoned: their records stay open in the database for the reconciler.
     */
    async stop(): Promise<void> {
      if (!worker) return;
      const w = worker;
      worker = null;
      const grace = config().shutdownGraceMs;
      const closing = w.close().catch(() => undefined);
      if (running.size > 0) {
        strapi.log.info(`[syndication] shutdown: waiting up to ${grace} ms for ${running.size} delivery attempt(s) in flight`);
        const idle = (async () => {
          while (running.size > 0) await Promise.allSettled([...running]);
        })();
        if (!(await settleWithin(idle, grace))) {
          strapi.log.warn(`[syndication] shutdown: ${running.size} delivery attempt(s) still running after ${grace} ms; abandoned, their records stay open for the reconciler`);
        }
      }
      // With Redis up this finishes at once; with Redis down the connections are cut by the supervisor.
      await settleWithin(closing, 300);
      await Promise.all([...adapters.values()].map((a) => a.close?.()));
    },
  };
};

export type DispatcherService = typeof dispatcher;
export default dispatcher;
