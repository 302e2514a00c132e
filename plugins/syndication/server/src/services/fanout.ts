/**
 * Fan-out: turns "this item was published / edited / withdrawn" into one delivery
 * record per target portal, inside the caller's transaction. It returns the jobs to
 * enqueue; the caller enqueues them only after commit, so a job never points at a
 * record that a rollback removed, and a Redis outage never fails a publish.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { DELIVERY_EVENT, DELIVERY_STATUS, TABLE, type DeliveryEvent } from '../constants';
import { getService, newDocumentId } from '../utils';
import type { PortalRow } from './portal';

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

const fanout = ({ strapi }: { strapi: Core.Strapi }) => {
  const snapshots = () => getService('snapshot', strapi);

  /** True when the portal has, or may have, received some version of the item. */
  const portalMayHaveIt = (row: any) =>
    HOLDS_COPY.has(row.status) || row.delivered_version != null || (Number(row.attempts) > 0 && row.event !== DELIVERY_EVENT.withdrawn);

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
      const existing: any[] = await trx(TABLE.delivery).where({ item_document_id: documentId });
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
      const portals = ctx.portals;
      const targets = getService('categoryRule', strapi).recipients(item, portals, ctx.rules.get(item.category));
      const targetCodes = new Set(targets.map((p) => p.code));
      const byPortal = new Map(existing.map((r) => [r.portal_code, r]));
      const now = new Date();
      const jobs: DeliveryJob[] = [];

      for (const portal of targets) {
        const row = byPortal.get(portal.code);
        const sendable = portal.active && Boolean(portal.endpoint);
        const event = row && portalMayHaveIt(row) && row.status !== DELIVERY_STATUS.withdrawn ? DELIVERY_EVENT.updated : DELIVERY_EVENT.created;
        const status = sendable ? DELIVERY_STATUS.pending : DELIVERY_STATUS.skipped;
        const lastError = sendable ? null : portal.active ? 'Cổng chưa có địa chỉ nhận tin / Portal has no delivery endpoint' : `Cổng đang tạm dừng / Portal is paused${portal.pausedReason ? `: ${portal.pausedReason}` : ''}`;
        const patch = { status, event, version, attempts: 0, next_attempt_at: now, last_error: lastError, updated_at: now };
        const deadlineAt = deadlines.forDelivery(ctx, item, portal, row?.created_at ? new Date(row.created_at) : now);
        if (row) {
          // A delivery already live keeps the deadline it was judged against.
          await trx(TABLE.delivery).where({ id: row.id }).update(row.portal_published_at == null ? { ...patch, deadline_at: deadlineAt } : patch);
          if (sendable) jobs.push({ deliveryId: row.id, version, event, dueAt: now.getTime() });
        } else {
          const [inserted] = await trx(TABLE.delivery)
            .insert({
              ...patch,
              document_id: newDocumentId(),
              item_document_id: documentId,
              portal_code: portal.code,
              deadline_at: deadlineAt,
              created_at: now,
              published_at: now,
            })
            .returning('id');
          const id = typeof inserted === 'object' ? inserted.id : inserted;
          if (sendable) jobs.push({ deliveryId: id, version, event, dueAt: now.getTime() });
        }
      }

      // Portals no longer targeted after an edit lose the item.
      for (const row of existing) {
        if (!targetCodes.has(row.portal_code) && row.status !== DELIVERY_STATUS.withdrawn) {
          jobs.push(...(await this.withdrawRow(trx, row, now)));
        }
      }
      return jobs;
    },

    /** The item was unpublished or deleted: every portal that may have it gets a withdrawal. */
    async onWithdrawn(trx: Knex, documentId: string): Promise<DeliveryJob[]> {
      const rows: any[] = await trx(TABLE.delivery).where({ item_document_id: documentId });
      const now = new Date();
      const jobs: DeliveryJob[] = [];
      for (const row of rows) jobs.push(...(await this.withdrawRow(trx, row, now)));
      return jobs;
    },

    async withdrawRow(trx: Knex, row: any, now: Date): Promise<DeliveryJob[]> {
      if (row.status === DELIVERY_STATUS.withdrawn || (row.event === DELIVERY_EVENT.withdrawn && row.status !== DELIVERY_STATUS.failed)) return [];
      if (!portalMayHaveIt(row)) {
        // Never reached the portal: nothing to take back, only the record changes.
        await trx(TABLE.delivery).where({ id: row.id }).update({ status: DELIVERY_STATUS.withdrawn, event: DELIVERY_EVENT.withdrawn, withdrawn_at: now, next_attempt_at: null, updated_at: now });
        return [];
      }
      await trx(TABLE.delivery)
        .where({ id: row.id })
        .update({ status: DELIVERY_STATUS.pending, event: DELIVERY_EVENT.withdrawn, attempts: 0, next_attempt_at: now, last_error: null, updated_at: now });
      return [{ deliveryId: row.id, version: Number(row.version), event: DELIVERY_EVENT.withdrawn, dueAt: now.getTime() }];
    },
  };
};

export type FanoutService = typeof fanout;
export default fanout;
