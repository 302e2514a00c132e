/**
 * Delivery records as people see them: per-item summaries, and manual retries
 * for administrators on call. Reads and writes go through the delivery store.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DELIVERY_STATUSES, ERRORS } from '../constants';
import { getService } from '../utils';
import { attemptToApi, deliveryToApi, RETRYABLE_STATUSES, type DeliveryFilter, type DeliveryRecord } from './delivery-store';
import type { DeliveryJob } from './fanout';

export { deliveryToApi } from './delivery-store';

const delivery = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService('deliveryStore', strapi);

  /** Sends again now every retryable record matching `filter` (one set-based update), then enqueues them. */
  async function retryWhere(filter: DeliveryFilter): Promise<number> {
    const reset = await store().resetForRetry(filter);
    if (reset.length === 0) return 0;
    const queue = getService('queue', strapi);
    const jobs: DeliveryJob[] = reset.map((r) => ({ deliveryId: r.id, version: r.version, event: r.event, dueAt: Date.now(), trigger: 'manual' }));
    // A delayed job for the same work would swallow the new one (same id): drop those first.
    await queue.removeMany(jobs);
    await queue.enqueue(jobs);
    return jobs.length;
  }

  return {
    /** `portals`: only these portals' records (the caller's scope, utils/scope.ts); null = all. */
    async forItem(documentId: string, portals: string[] | null = null) {
      const records = await store().find({ itemDocumentIds: [documentId], ...(portals ? { portalCodes: portals } : {}) }, { orderBy: 'portal' });
      const byStatus: Record<string, number> = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0]));
      for (const r of records) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      return { summary: { total: records.length, byStatus }, deliveries: records.map(deliveryToApi) };
    },

    async get(id: number): Promise<DeliveryRecord> {
      const record = await store().get(id);
      if (!record) throw new errors.NotFoundError(ERRORS.deliveryNotFound(id));
      return record;
    },

    /** A record with its attempt log, in the API's shape. */
    async withAttempts(record: DeliveryRecord) {
      const attempts = await store().attempts(record.id);
      return { ...deliveryToApi(record), attemptLog: attempts.map(attemptToApi) };
    },

    async retry(id: number) {
      const record = await this.get(id);
      if (!RETRYABLE_STATUSES.includes(record.status)) {
        throw new errors.ValidationError(`Chỉ gửi lại được bản phân phối lỗi, bị bỏ qua hoặc đang chờ gửi lại (hiện: ${record.status}) / Only failed, skipped or retrying deliveries can be retried (now: ${record.status})`);
      }
      await retryWhere({ ids: [id] });
      return deliveryToApi(await this.get(id));
    },

    /** Every failed, skipped or retrying record of an item (within `portals`, the caller's scope, when given). */
    retryFailedForItem(documentId: string, portals: string[] | null = null): Promise<number> {
      return retryWhere({ itemDocumentIds: [documentId], ...(portals ? { portalCodes: portals } : {}) });
    },

    /** Every failed, skipped or retrying record of a portal. */
    async retryFailedForPortal(code: string): Promise<number> {
      await getService('portal', strapi).getByCode(code);
      return retryWhere({ portalCodes: [code] });
    },

    /** The selected records (those not retryable are left alone). */
    retryMany(ids: number[]): Promise<number> {
      return ids.length ? retryWhere({ ids }) : Promise.resolve(0);
    },
  };
};

export type DeliveryService = typeof delivery;
export default delivery;
