/**
 * Batches the hot path's database writes. Each finished attempt produces one update of
 * its delivery record and one attempt row; under load, hundreds of these are written
 * in one transaction instead of one each. A job is only acknowledged to BullMQ after
 * the write it awaits has committed, so batching never loses an outcome: a crash
 * before commit leaves the record open and the reconciler sends it again (the portal
 * de-duplicates on webhook-id).
 */
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import type { AttemptRecord, GuardedUpdate } from './delivery-store';

/** The update applies only if the record still targets `expect` (version and event): a newer one supersedes it. */
export type RecordUpdate = GuardedUpdate;

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

const MAX_BATCH = 400;

const recordWriter = ({ strapi }: { strapi: Core.Strapi }) => {
  let updates = new Map<number, RecordUpdate>();
  let attempts: AttemptRecord[] = [];
  let waiters: Waiter[] = [];
  let scheduled = false;
  let flushing: Promise<void> = Promise.resolve();

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // setImmediate lets every job that finished in this turn join the batch.
    setImmediate(() => {
      scheduled = false;
      flushing = flushing.then(flush, flush);
    });
  };

  async function flush(): Promise<void> {
    if (updates.size === 0 && attempts.length === 0) return;
    const batchUpdates = [...updates.values()];
    const batchAttempts = attempts;
    const batchWaiters = waiters;
    updates = new Map();
    attempts = [];
    waiters = [];
    try {
      await getService('deliveryStore', strapi).writeOutcomes(batchUpdates, batchAttempts);
      batchWaiters.forEach((w) => w.resolve());
    } catch (e) {
      strapi.log.error(`[syndication] writing ${batchUpdates.length} delivery records failed: ${(e as Error).message}`);
      batchWaiters.forEach((w) => w.reject(e));
    }
  }

  const enqueue = (u: RecordUpdate | null, a: AttemptRecord | null, wait: boolean): Promise<void> => {
    if (u) {
      const prev = updates.get(u.id);
      // Later patches for the same record win (e.g. "sending" then the outcome).
      updates.set(u.id, prev && prev.expect.version === u.expect.version && prev.expect.event === u.expect.event ? { ...u, patch: { ...prev.patch, ...u.patch } } : u);
    }
    if (a) attempts.push(a);
    const size = updates.size + attempts.length;
    if (!wait) {
      schedule();
      return Promise.resolve();
    }
    const p = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    if (size >= MAX_BATCH) flushing = flushing.then(flush, flush);
    else schedule();
    return p;
  };

  return {
    /** Fire-and-forget status change ("sending"): merged into the next batch. */
    note(update: RecordUpdate): void {
      void enqueue(update, null, false);
    },

    /** Records an outcome; resolves once it is committed. */
    record(update: RecordUpdate, attempt: AttemptRecord | null): Promise<void> {
      return enqueue(update, attempt, true);
    },

    /** Writes whatever is pending (shutdown, tests). */
    async drain(): Promise<void> {
      flushing = flushing.then(flush, flush);
      await flushing;
    },
  };
};

export type RecordWriterService = typeof recordWriter;
export default recordWriter;
