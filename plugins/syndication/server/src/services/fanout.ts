/**
 * Fan-out: turns "this item was published / edited / withdrawn" into one delivery
 * record per target portal, inside the caller's transaction. It returns the jobs to
 * enqueue; the caller enqueues them only after commit, so a job never points at a
 * record that a rollback removed, and a Redis outage never fails a publish.
 *
 * The records are written through the delivery store in a handful of statements
 * (one multi-row insert, one update per distinct change), not one per portal.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { DELIVERY_EVENT, DELIVERY_STATUS, TABLE, type DeliveryEvent } from '../constants';
import { skipReason } from '../domain/outcome';
import { getService } from '../utils';
import type { DeliveryRecord, GuardedUpdate, NewDelivery } from './delivery-store';

export interface DeliveryJob {
  deliveryId: number;
  version: number;
  event: DeliveryEvent;
  /** When the attempt is due (ms since epoch); now for fresh work. */
  dueAt: number;
  trigger?: 'manual' | 'scheduled';
}

/** Statuses in which the portal holds (or may hold, if a request was in flight) a copy. */
const HOLDS_COPY = new Set<string>([DELIVERY_STATUS.delivered, DELIVERY_STATUS.awaitingReview, DELIVERY_STATUS.published]);

/** True when the portal has, or may have, received some version of the item. */
export const portalMayHaveIt = (r: DeliveryRecord) => HOLDS_COPY.has(r.status) || r.deliveredVersion != null || (r.attempts > 0 && r.event !== DELIVERY_EVENT.withdrawn);

/** The change that takes a record back from its portal, or null when there is nothing to take back. */
export function withdrawal(r: DeliveryRecord, now: Date): { update: GuardedUpdate; job: DeliveryJob | null } | null {
  if (r.status === DELIVERY_STATUS.withdrawn || (r.event === DELIVERY_EVENT.withdrawn && r.status !== DELIVERY_STATUS.failed)) return null;
  const expect = { version: r.version, event: r.event };
  if (!portalMayHaveIt(r)) {
    // Never reached the portal: nothing to take back, only the record changes.
    return { update: { id: r.id, expect, patch: { status: DELIVERY_STATUS.withdrawn, event: DELIVERY_EVENT.withdrawn, withdrawnAt: now, nextAttemptAt: null } }, job: null };
  }
  return {
    update: { id: r.id, expect, patch: { status: DELIVERY_STATUS.pending, event: DELIVERY_EVENT.withdrawn, attempts: 0, nextAttemptAt: now, lastError: null } },
    job: { deliveryId: r.id, version: r.version, event: DELIVERY_EVENT.withdrawn, dueAt: now.getTime() },
  };
}

const fanout = ({ strapi }: { strapi: Core.Strapi }) => {
  const snapshots = () => getService('snapshot', strapi);
  const store = () => getService('deliveryStore', strapi);

  /** Applies withdrawals of `records` in the transaction; returns the jobs for portals that may hold a copy. */
  async function withdrawAll(trx: Knex, records: DeliveryRecord[], now: Date): Promise<DeliveryJob[]> {
    const changes = records.map((r) => withdrawal(r, now)).filter((c): c is NonNullable<typeof c> => c !== null);
    await store().updateMany(trx, changes.map((c) => c.update));
    return changes.flatMap((c) => (c.job ? [c.job] : []));
  }

  return {
    /**
     * The item's published row changed (first publish or a published edit).
     * Raises the version when the content changed and (re)sends it to every target.
     */
    async onPublished(trx: Knex, documentId: string): Promise<DeliveryJob[]> {
      const item = await snapshots().loadPublished(documentId);
      if (!item) return [];
      const previous = await snapshots().latest(trx, documentId);
      const draftPayload = snapshots().build(item, 0);
      const hash = snapshots().hash(draftPayload);
      const existing = await store().forItem(documentId, { trx, forUpdate: true });
      const liveRows = existing.filter((r) => r.event !== DELIVERY_EVENT.withdrawn && r.status !== DELIVERY_STATUS.withdrawn);
      // Publishing unchanged content again (e.g. twice through the API) sends nothing,
      // but an edit of what the deadline depends on still moves open deadlines.
      if (previous && previous.contentHash === hash && liveRows.length > 0) {
        await getService('deadline', strapi).recompute({ itemDocumentId: documentId }, trx);
        return [];
      }

      const version = Math.max(previous?.version ?? 0, Number(item.version) || 0) + 1;
      await trx(TABLE.item).where({ document_id: documentId }).update({ version });
      await snapshots().save(trx, { ...draftPayload, version }, hash);

      // Recipients and deadlines follow the category rule (Decision 96, Art. 8; 8.1.e: issuer + governed agencies).
      const deadlines = getService('deadline', strapi);
      const ctx = await deadlines.context();
      const targets = getService('categoryRule', strapi).recipients(item, ctx.portals, ctx.rules.get(item.category));
      const targetCodes = new Set(targets.map((p) => p.code));
      const byPortal = new Map(existing.map((r) => [r.portalCode, r]));
      const now = new Date();
      const jobs: DeliveryJob[] = [];
      const inserts: NewDelivery[] = [];
      const updates: GuardedUpdate[] = [];

      for (const portal of targets) {
        const row = byPortal.get(portal.code);
        const reason = skipReason(portal);
        const event = row && portalMayHaveIt(row) && row.status !== DELIVERY_STATUS.withdrawn ? DELIVERY_EVENT.updated : DELIVERY_EVENT.created;
        const patch = { status: reason ? DELIVERY_STATUS.skipped : DELIVERY_STATUS.pending, event, version, attempts: 0, nextAttemptAt: now, lastError: reason };
        const deadlineAt = deadlines.forDelivery(ctx, item, portal, row?.createdAt ?? now);
        if (row) {
          // A delivery already live keeps the deadline it was judged against.
          updates.push({ id: row.id, expect: { version: row.version, event: row.event }, patch: row.portalPublishedAt == null ? { ...patch, deadlineAt } : patch });
          if (!reason) jobs.push({ deliveryId: row.id, version, event, dueAt: now.getTime() });
        } else {
          inserts.push({ ...patch, itemDocumentId: documentId, portalCode: portal.code, deadlineAt });
        }
      }
      await store().updateMany(trx, updates);
      const ids = await store().insertMany(trx, inserts);
      for (const r of inserts) {
        if (r.status === DELIVERY_STATUS.pending) jobs.push({ deliveryId: ids.get(r.portalCode)!, version, event: r.event, dueAt: now.getTime() });
      }

      // Portals no longer targeted after an edit lose the item.
      jobs.push(...(await withdrawAll(trx, existing.filter((r) => !targetCodes.has(r.portalCode)), now)));
      return jobs;
    },

    /** The item was unpublished or deleted: every portal that may have it gets a withdrawal. */
    async onWithdrawn(trx: Knex, documentId: string): Promise<DeliveryJob[]> {
      return withdrawAll(trx, await store().forItem(documentId, { trx, forUpdate: true }), new Date());
    },
  };
};

export type FanoutService = typeof fanout;
export default fanout;
