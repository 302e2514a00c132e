/**
 * Batches the hot path's database writes. Each finished attempt produces one update of
 * its delivery record and one attempt row; under load, hundreds of these are written
 * in one transaction instead of one each. A job is only acknowledged to BullMQ after
 * the write it awaits has committed, so batching never loses an outcome: a crash
 * before commit leaves the record open and the reconciler sends it again (the portal
 * de-duplicates on webhook-id).
 */
import type { Core } from '@strapi/strapi';
import { TABLE } from '../constants';

export interface RecordUpdate {
  id: number;
  /** The update applies only if the record still targets this version and event (a newer one supersedes it). */
  expect: { version: number; event: string };
  patch: Record<string, unknown>;
}

export interface AttemptRow {
  delivery_id: number;
  portal_code: string;
  event: string;
  version: number;
  attempt_no: number;
  started_at: Date;
  duration_ms: number;
  http_status: number | null;
  outcome: string;
  excerpt: string;
  trigger: string;
}

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

const MAX_BATCH = 400;
const INSERT_CHUNK = 50; // SQLite caps bound variables per statement

const recordWriter = ({ strapi }: { strapi: Core.Strapi }) => {
  let updates = new Map<number, RecordUpdate>();
  let attempts: AttemptRow[] = [];
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
      await strapi.db.connection.transaction(async (trx) => {
        for (let i = 0; i < batchAttempts.length; i += INSERT_CHUNK) {
          const now = new Date();
          await trx(TABLE.deliveryAttempt).insert(
            batchAttempts.slice(i, i + INSERT_CHUNK).map((a) => ({ ...a, created_at: now, updated_at: now, published_at: now }))
          );
        }
        for (const u of batchUpdates) {
          await trx(TABLE.delivery).where({ id: u.id, version: u.expect.version, event: u.expect.event }).update({ ...u.patch, updated_at: new Date() });
        }
      });
      batchWaiters.forEach((w) => w.resolve());
    } catch (e) {
      strapi.log.error(`[syndication] writing ${batchUpdates.length} delivery records failed: ${(e as Error).message}`);
      batchWaiters.forEach((w) => w.reject(e));
    }
  }

  const enqueue = (u: RecordUpdate | null, a: AttemptRow | null, wait: boolean): Promise<void> => {
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
    record(update: RecordUpdate, attempt: AttemptRow | null): Promise<void> {
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
