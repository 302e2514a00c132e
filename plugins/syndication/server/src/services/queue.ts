/**
 * The BullMQ queue and the reconciler. Redis only carries "deliver record N now";
 * the database holds the truth. Job ids are deterministic per (record, version, event),
 * so enqueueing the same work twice is a no-op, and the reconciler can re-enqueue
 * every open record after a crash or a Redis flush without creating duplicates.
 */
import type { Core } from '@strapi/strapi';
import { Queue } from 'bullmq';
import { DELIVERY_EVENT, QUEUE_NAME, type DeliveryEvent } from '../constants';
import type { SyndicationConfig } from '../config';
import type { RedisSupervisor } from '../infra/redis';
import { getService } from '../utils';
import type { DeliveryJob } from './fanout';

export interface JobData {
  deliveryId: number;
  version: number;
  event: DeliveryEvent;
  /** Set when an administrator asked for this attempt. */
  trigger?: 'manual' | 'scheduled';
}

const EVENT_SHORT: Record<string, string> = {
  [DELIVERY_EVENT.created]: 'c',
  [DELIVERY_EVENT.updated]: 'u',
  [DELIVERY_EVENT.published]: 'p',
  [DELIVERY_EVENT.withdrawn]: 'w',
};

/** BullMQ forbids ":" in custom ids. */
export const jobId = (j: JobData) => `d${j.deliveryId}-v${j.version}-${EVENT_SHORT[j.event] ?? j.event}`;

const RECONCILE_BATCH = 2000;

const queue = ({ strapi }: { strapi: Core.Strapi }) => {
  let q: Queue<JobData> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let reconciling: Promise<number> | null = null;
  let reconcilingFull = false;
  let redis: RedisSupervisor | null = null;

  const config = () => strapi.config.get('plugin::syndication') as SyndicationConfig;
  let connectionReady = () => false;
  const ready = () => q !== null && connectionReady();

  return {
    start(supervisor: RedisSupervisor) {
      redis = supervisor;
      const conn = supervisor.connect();
      connectionReady = () => conn.status === 'ready';
      q = new Queue<JobData>(QUEUE_NAME, {
        connection: conn,
        prefix: config().queuePrefix,
        defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
      });
      // Connection errors are folded into one outage log by the supervisor.
      q.on('error', (e) => supervisor.noteError('queue', e));
      // When Redis comes back (possibly empty), put every open record back on the queue at once.
      conn.on('ready', () => void this.reconcile().catch(() => undefined));
      const every = config().reconcileIntervalMs;
      if (every > 0) {
        timer = setInterval(() => void this.reconcile({ untouchedForMs: every }).catch((e) => strapi.log.warn(`[syndication] reconcile: ${e.message}`)), every);
        timer.unref();
      }
    },

    get redis() {
      return redis;
    },

    get queue() {
      return q;
    },

    /**
     * Adds jobs; never throws. If Redis is unreachable the records stay open in the
     * database and the reconciler enqueues them when it is back.
     */
    async enqueue(jobs: DeliveryJob[]): Promise<number> {
      if (!q || jobs.length === 0) return 0;
      if (!ready()) {
        strapi.log.warn(`[syndication] Redis not ready: ${jobs.length} deliveries wait in the database for the reconciler`);
        return 0;
      }
      const now = Date.now();
      try {
        await q.addBulk(
          jobs.map((j) => {
            const data: JobData = { deliveryId: j.deliveryId, version: j.version, event: j.event, ...(j.trigger ? { trigger: j.trigger } : {}) };
            return { name: j.event, data, opts: { jobId: jobId(data), delay: Math.max(0, j.dueAt - now) } };
          })
        );
        return jobs.length;
      } catch (e) {
        strapi.log.warn(`[syndication] enqueue failed (${(e as Error).message}); the reconciler will retry`);
        return 0;
      }
    },

    /**
     * Re-enqueues open records that are due soon. Safe to run at any time, from any
     * number of processes: deterministic ids make it idempotent.
     *
     * At boot and when Redis comes back (possibly empty) every open record is enqueued
     * again. The periodic pass (`untouchedForMs`) only takes records nobody has written for
     * that long: a record written since has its job in Redis already, and re-adding the
     * whole of a large backlog every pass cost one Redis script call per record for
     * nothing (docs/BENCHMARKS.md).
     */
    async reconcile(opts: { untouchedForMs?: number } = {}): Promise<number> {
      const full = opts.untouchedForMs == null;
      if (reconciling) {
        if (!full || reconcilingFull) return reconciling;
        // A full pass asked for during a periodic one runs after it.
        await reconciling.catch(() => 0);
        return this.reconcile(opts);
      }
      reconcilingFull = full;
      reconciling = (async () => {
        if (!ready()) return 0;
        const now = Date.now();
        const horizon = new Date(now + Math.max(config().reconcileIntervalMs, 1000));
        const untouchedSince = full ? undefined : new Date(now - opts.untouchedForMs!);
        let total = 0;
        let afterId = 0;
        for (;;) {
          const rows = await getService('deliveryStore', strapi).openDue({ afterId, horizon, untouchedSince, limit: RECONCILE_BATCH });
          if (rows.length === 0) break;
          afterId = rows[rows.length - 1].id;
          total += await this.enqueue(rows.map((r) => ({ deliveryId: r.id, version: r.version, event: r.event, dueAt: r.nextAttemptAt ? r.nextAttemptAt.getTime() : Date.now() })));
          if (rows.length < RECONCILE_BATCH) break;
        }
        return total;
      })().finally(() => {
        reconciling = null;
      });
      return reconciling;
    },

    /** Drops a queued job (a newer version or a withdrawal made it pointless). */
    async remove(data: JobData): Promise<void> {
      await q?.remove(jobId(data)).catch(() => undefined);
    },

    /** Drops queued jobs, many at once. */
    async removeMany(list: JobData[]): Promise<void> {
      if (!q || list.length === 0) return;
      const queue = q;
      await Promise.all(list.map((d) => queue.remove(jobId(d)).catch(() => undefined)));
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await reconciling?.catch(() => undefined);
      await q?.close().catch(() => undefined);
      q = null;
    },
  };
};

export type QueueService = typeof queue;
export default queue;
