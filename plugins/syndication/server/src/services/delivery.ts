/**
 * Delivery records as people see them: per-item summaries, and manual retries
 * for administrators on call.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DELIVERY_STATUS, DELIVERY_STATUSES, ERRORS, TABLE } from '../constants';
import { getService } from '../utils';
import { isOverdue, onTime } from './deadline';
import type { DeliveryJob } from './fanout';

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());

/** The record in the API's fixed field names (issue #3). */
export function deliveryToApi(r: any) {
  return {
    id: Number(r.id),
    item: r.item_document_id,
    portal: r.portal_code,
    status: r.status,
    event: r.event,
    version: Number(r.version),
    deliveredVersion: r.delivered_version == null ? null : Number(r.delivered_version),
    attempts: Number(r.attempts ?? 0),
    lastHttpStatus: r.last_http_status == null ? null : Number(r.last_http_status),
    lastError: r.last_error ?? null,
    lastAttemptAt: iso(r.last_attempt_at),
    nextAttemptAt: iso(r.next_attempt_at),
    deliveredAt: iso(r.delivered_at),
    publishedAt: iso(r.portal_published_at),
    withdrawnAt: iso(r.withdrawn_at),
    deadlineAt: iso(r.deadline_at),
    onTime: onTime(r),
    overdue: isOverdue(r),
    remoteId: r.remote_id ?? null,
    remoteUrl: r.remote_url ?? null,
    // The review decision (portals in review mode): who, when, and the reason of a rejection.
    reviewer: r.reviewer ?? null,
    reviewedAt: iso(r.reviewed_at),
    reviewNote: r.review_note ?? null,
  };
}

/** Records an administrator may send again. */
const RETRYABLE = new Set<string>([DELIVERY_STATUS.failed, DELIVERY_STATUS.skipped, DELIVERY_STATUS.retrying]);

const delivery = ({ strapi }: { strapi: Core.Strapi }) => {
  const table = () => strapi.db.connection(TABLE.delivery);

  return {
    /** `portals`: only these portals' records (the caller's scope, utils/scope.ts); null = all. */
    async forItem(documentId: string, portals: string[] | null = null) {
      const query = table().where({ item_document_id: documentId });
      if (portals) query.whereIn('portal_code', portals);
      const rows = await query.orderBy('portal_code');
      const byStatus: Record<string, number> = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0]));
      for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      return { summary: { total: rows.length, byStatus }, deliveries: rows.map(deliveryToApi) };
    },

    async attempts(deliveryId: number) {
      return strapi.db.connection(TABLE.deliveryAttempt).where({ delivery_id: deliveryId }).orderBy('id');
    },

    async get(id: number) {
      const row = await table().where({ id }).first();
      if (!row) throw new errors.NotFoundError(ERRORS.deliveryNotFound(id));
      return row;
    },

    /** Sends records again now, with a fresh retry schedule. */
    async retryRows(rows: any[]): Promise<number> {
      const retryable = rows.filter((r) => RETRYABLE.has(r.status));
      if (retryable.length === 0) return 0;
      const queue = getService('queue', strapi);
      const now = new Date();
      const jobs: DeliveryJob[] = [];
      for (const r of retryable) {
        // A delayed job for the same work would swallow the new one (same id): drop it first.
        await queue.remove({ deliveryId: r.id, version: Number(r.version), event: r.event });
        await table().where({ id: r.id }).update({ status: DELIVERY_STATUS.pending, attempts: 0, next_attempt_at: now, updated_at: now });
        jobs.push({ deliveryId: r.id, version: Number(r.version), event: r.event, dueAt: now.getTime(), trigger: 'manual' });
      }
      await queue.enqueue(jobs);
      return jobs.length;
    },

    async retry(id: number) {
      const row = await this.get(id);
      if (!RETRYABLE.has(row.status)) {
        throw new errors.ValidationError(`Chỉ gửi lại được bản phân phối lỗi, bị bỏ qua hoặc đang chờ gửi lại (hiện: ${row.status}) / Only failed, skipped or retrying deliveries can be retried (now: ${row.status})`);
      }
      await this.retryRows([row]);
      return deliveryToApi(await this.get(id));
    },

    async retryFailedForItem(documentId: string, portals: string[] | null = null) {
      const query = table().where({ item_document_id: documentId }).whereIn('status', [...RETRYABLE]);
      if (portals) query.whereIn('portal_code', portals);
      return this.retryRows(await query);
    },

    async retryFailedForPortal(code: string) {
      await getService('portal', strapi).getByCode(code);
      return this.retryRows(await table().where({ portal_code: code }).whereIn('status', [...RETRYABLE]));
    },
  };
};

export type DeliveryService = typeof delivery;
export default delivery;
