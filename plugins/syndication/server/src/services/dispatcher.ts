/**
 * The worker: takes "deliver record N" jobs and carries out one attempt each.
 *
 *   load record → superseded? → portal removed/paused? (skip) → portal gate
 *   (dispatch/portal-gate.ts) → attempt (dispatch/attempt.ts) → outcome
 *   (domain/outcome.ts, pure) → record write (record writer, batched) → ack
 *
 * Isolation: each request has a deadline; a portal gets at most `portalConcurrency`
 * requests in flight per process and its own connection pool; a busy or rate-limited
 * portal's jobs are moved back to "delayed" instead of occupying a worker slot, so 12
 * hanging portals cannot hold up the other 107, whether or not they share a host.
 */
import type { Core } from '@strapi/strapi';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Knex } from 'knex';
import type { RedisClient } from '../infra/redis';
import { settleWithin } from '../infra/shutdown';
import { createAdapters, type DeliveryAdapter } from '../adapters';
import { DELIVERY_STATUS, OPEN_STATUSES, QUEUE_NAME } from '../constants';
import type { SyndicationConfig } from '../config';
import { attempt } from '../dispatch/attempt';
import { createPortalCache, type WorkerPortal } from '../dispatch/portal-cache';
import { createRecordLoader } from '../dispatch/record-loader';
import { createPortalGate, type PortalGate } from '../dispatch/portal-gate';
import { prepareItem, type PreparedItem } from '../domain/envelope';
import { decideOutcome, skipReason } from '../domain/outcome';
import { classifyStatus } from '../domain/retry-policy';
import { outboundPolicy } from '../infra/outbound-guard';
import { getService } from '../utils';
import type { JobData } from './queue';

export { messageId } from '../domain/envelope';

const PORTAL_CACHE_MS = 2000;
/** A request still running after this long shows its record as "sending"; quicker ones never write that state. */
const SENDING_NOTE_AFTER_MS = 500;
const MAX_PREPARED = 200;

const dispatcher = ({ strapi }: { strapi: Core.Strapi }) => {
  let worker: Worker<JobData> | null = null;
  let redis: RedisClient | null = null;
  let gate: PortalGate | null = null;
  /** Jobs being processed by this process, so that stop() knows what it waits for. */
  const running = new Set<Promise<unknown>>();
  let adapters: Map<string, DeliveryAdapter> = new Map();
  const portals = createPortalCache(() => strapi.db.connection as unknown as Knex, PORTAL_CACHE_MS);
  const prepared = new Map<string, Promise<PreparedItem>>();
  const config = () => strapi.config.get('plugin::syndication') as SyndicationConfig;
  const loadRecord = createRecordLoader((ids) => getService('deliveryStore', strapi).forDispatch(ids));
  /** Opened signing secrets per cached portal row (the cache hands out new rows when it re-reads). */
  const openedSecrets = new WeakMap<WorkerPortal, string[]>();
  const secretsOf = (p: WorkerPortal) => {
    let secrets = openedSecrets.get(p);
    if (!secrets) {
      secrets = getService('secrets', strapi).signingSecrets(p);
      openedSecrets.set(p, secrets);
    }
    return secrets;
  };

  /** The item version serialised once for all its portals. */
  function preparedItem(documentId: string, version: number): Promise<PreparedItem> {
    const key = `${documentId}@${version}`;
    let hit = prepared.get(key);
    if (!hit) {
      hit = getService('snapshot', strapi).get(documentId, version).then((payload) => prepareItem(documentId, version, payload));
      hit.catch(() => prepared.delete(key));
      if (prepared.size >= MAX_PREPARED) prepared.delete(prepared.keys().next().value as string);
      prepared.set(key, hit);
    }
    return hit;
  }

  const delay = async (job: Job<JobData>, token: string | undefined, until: number): Promise<never> => {
    await job.moveToDelayed(Math.max(until, Date.now() + 1), token);
    throw new DelayedError();
  };

  async function processJob(job: Job<JobData>, token?: string): Promise<string> {
    const { deliveryId, version, event } = job.data;
    const writer = getService('recordWriter', strapi);
    const record = await loadRecord(deliveryId);
    if (!record || !OPEN_STATUSES.includes(record.status) || record.version !== version || record.event !== event) return 'superseded';
    const due = record.nextAttemptAt ? record.nextAttemptAt.getTime() : 0;
    if (due > Date.now() + 50) return delay(job, token, due); // re-enqueued early (reconciler, stalled job)

    const expect = { version, event };
    const p = await portals.get(record.portalCode);
    const reason = skipReason(p);
    if (!p || !p.endpoint || reason) {
      await writer.record({ id: deliveryId, expect, patch: { status: DELIVERY_STATUS.skipped, lastError: reason, nextAttemptAt: null } }, null);
      return 'skipped';
    }

    const entry = await gate!.enter(p.code, deliveryId, `${process.pid}:${job.id}`);
    if (!entry.ok) return delay(job, token, entry.retryAt);

    const startedAt = new Date();
    // Most answers come back within milliseconds: only a slow one costs a "sending" write.
    const sendingNote = setTimeout(() => writer.note({ id: deliveryId, expect, patch: { status: DELIVERY_STATUS.sending, lastAttemptAt: startedAt } }), SENDING_NOTE_AFTER_MS);
    let result;
    try {
      const item = await preparedItem(record.itemDocumentId, version);
      const adapter = adapters.get(p.adapter) ?? adapters.get('webhook')!;
      result = await attempt(adapter, { ...p, endpoint: p.endpoint, secrets: secretsOf(p) }, { id: deliveryId, item, event }, config().requestTimeoutMs);
    } finally {
      clearTimeout(sendingNote);
      // The in-flight slot is freed at once; the record lock's deletion need not hold up the outcome.
      void entry.release();
    }

    const health = getService('portalHealth', strapi);
    const retryable = classifyStatus(result.httpStatus) === 'retry';
    const outcome = decideOutcome({
      event,
      version,
      publishMode: p.publishMode,
      record,
      result,
      startedAt,
      now: Date.now(),
      retrySchedule: config().retrySchedule,
      deadlineAt: record.deadlineAt,
      portalUnhealthy: retryable ? await health.failed(p) : false,
    });
    if (outcome.portalBlockedUntil) await gate!.block(p.code, outcome.portalBlockedUntil);
    await writer.record(
      { id: deliveryId, expect, patch: outcome.patch },
      {
        deliveryId,
        portalCode: p.code,
        event,
        version,
        attemptNo: outcome.attemptNo,
        startedAt,
        durationMs: result.durationMs,
        httpStatus: result.httpStatus,
        outcome: outcome.attemptOutcome,
        excerpt: result.excerpt,
        trigger: job.data.trigger ?? 'scheduled',
      }
    );
    if (outcome.attemptOutcome === 'success') health.succeeded(p);
    if (outcome.pauseReason) {
      await health.gone(p, outcome.pauseReason);
      portals.forget(); // the next job re-reads the portal and sees it paused
    }
    if (outcome.retryAt) return delay(job, token, outcome.retryAt);
    return outcome.kind;
  }

  return {
    process: processJob,

    start(redisConnFactory: () => RedisClient, workerConnection: RedisClient) {
      const cfg = config();
      redis = redisConnFactory();
      gate = createPortalGate({ redis, prefix: cfg.queuePrefix, portalConcurrency: cfg.portalConcurrency, lockTtlMs: cfg.requestTimeoutMs + 10000 });
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
      portals.forget();
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
