/**
 * Review by a component portal's editorial board (portals in `review` mode).
 *
 *   awaiting_review ──approve──▶ pending(item.published) ──portal acknowledges──▶ published
 *                   ──reject───▶ rejected
 *                   ──portal callback delivery.published──▶ published
 *                   ──portal callback delivery.rejected───▶ rejected
 *
 * Every transition is guarded by the record's status and version, so a decision about
 * version 3 can never land on version 4 that an edit sent meanwhile (409 instead).
 * Attempts and their history are kept: a decision only moves the record forward, and
 * an edit after it re-sends as usual (fan-out).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import { Webhook } from 'standardwebhooks';
import { DELIVERY_EVENT, DELIVERY_STATUS, ERRORS, TABLE } from '../constants';
import type { SyndicationConfig } from '../config';
import { getService, redisSupervisor } from '../utils';
import type { RedisClient } from '../infra/redis';
import { conflict } from '../utils/errors';
import { assertInScope, type PortalScope } from '../utils/scope';
import { deliveryToApi, type DeliveryPatch, type DeliveryRecord } from './delivery-store';
import type { DeliveryJob } from './fanout';

/** Who decided: an admin user, an API token, or the portal itself (callback). */
export interface Reviewer {
  label: string;
}

export interface CallbackInput {
  type: 'delivery.published' | 'delivery.rejected';
  data: { deliveryId: number; version: number; url?: string | null; reason?: string | null };
}

/** How long a callback's webhook-id is remembered: beyond the 5-minute timestamp tolerance, so a replay is always caught. */
const REPLAY_WINDOW_MS = 10 * 60 * 1000;

const review = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::syndication') as SyndicationConfig;
  const store = () => getService('deliveryStore', strapi);
  let redis: RedisClient | null = null;
  const seenLocally = new Map<string, number>();

  async function load(ids: number[]): Promise<DeliveryRecord[]> {
    const records = await store().find({ ids });
    const found = new Set(records.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw new errors.NotFoundError(ERRORS.deliveryNotFound(missing.join(', ')), { missing });
    return records;
  }

  /** Throws the 409 for a record that no longer awaits review (of `version`). */
  const notAwaitingId = async (id: number, trx?: Knex.Transaction) => notAwaiting((await store().get(id, trx))!);

  const notAwaiting = (r: DeliveryRecord, version?: number) =>
    version != null && r.status === DELIVERY_STATUS.awaitingReview
      ? conflict(
          `Bản phân phối ${r.id} đang chờ duyệt phiên bản ${r.version}, không phải ${version} / Delivery ${r.id} awaits review of version ${r.version}, not ${version}`,
          { id: r.id, status: r.status, version: r.version }
        )
      : conflict(
          `Bản phân phối ${r.id} không ở trạng thái chờ duyệt (hiện: ${r.status}, phiên bản ${r.version}) / Delivery ${r.id} is not awaiting review (now: ${r.status}, version ${r.version})`,
          { id: r.id, status: r.status, version: r.version }
        );

  /** Remembers a callback's webhook-id; false when it was seen before (a replay). Redis when up, else this process. */
  async function firstSighting(code: string, webhookId: string): Promise<boolean> {
    const key = `${config().queuePrefix}:callback:${code}:${webhookId}`;
    const supervisor = redisSupervisor(strapi);
    // One connection, closed with the others by the Redis supervisor on shutdown.
    if (!redis && supervisor) redis = supervisor.connect({ maxRetriesPerRequest: 1 });
    if (redis && redis.status === 'ready') {
      try {
        return (await redis.set(key, '1', 'PX', REPLAY_WINDOW_MS, 'NX')) === 'OK';
      } catch {
        /* fall through to the local memory */
      }
    }
    const now = Date.now();
    for (const [k, until] of seenLocally) if (until < now) seenLocally.delete(k);
    if (seenLocally.has(key)) return false;
    seenLocally.set(key, now + REPLAY_WINDOW_MS);
    return true;
  }

  async function forget(code: string, webhookId: string) {
    const key = `${config().queuePrefix}:callback:${code}:${webhookId}`;
    seenLocally.delete(key);
    await redis?.del(key).catch(() => undefined);
  }

  return {
    /** Deliveries awaiting review on the caller's portals, newest first, with what the board needs to decide. */
    async inbox(scope: PortalScope, opts: { portal?: string; limit?: number } = {}) {
      // The caller's scope, narrowed to one portal when asked.
      const portalCodes = opts.portal ? (scope ? scope.filter((c) => c === opts.portal) : [opts.portal]) : scope ?? undefined;
      const filter = { statuses: [DELIVERY_STATUS.awaitingReview], ...(portalCodes ? { portalCodes } : {}) };
      const total = await store().count(filter);
      const rows = await store().find(filter, { orderBy: 'lastAttemptDesc', limit: opts.limit ?? 100 });
      const codes = [...new Set(rows.map((r) => r.portalCode))];
      const portals: { code: string; name: string }[] = await strapi.db.connection(TABLE.portal).whereIn('code', codes).select('code', 'name');
      const names = new Map(portals.map((p) => [p.code, p.name]));
      const snapshots = getService('snapshot', strapi);
      const data: Record<string, unknown>[] = [];
      for (const r of rows) {
        const item = await snapshots.get(r.itemDocumentId, r.version);
        data.push({
          ...deliveryToApi(r),
          portalName: names.get(r.portalCode) ?? r.portalCode,
          awaitingSince: r.lastAttemptAt ? r.lastAttemptAt.toISOString() : null,
          item: {
            documentId: r.itemDocumentId,
            version: r.version,
            title: item?.title ?? null,
            category: item?.category ?? null,
            kind: item?.kind ?? null,
            issuer: item?.issuer ?? null,
            documentNumber: item?.documentNumber ?? null,
            issuedAt: item?.issuedAt ?? null,
          },
        });
      }
      return { data, meta: { total } };
    },

    /**
     * Approves every id or none: all must exist, be within the caller's scope and await
     * review. The hub then sends `item.published` through the queue; the record becomes
     * `published` when the portal acknowledges it.
     */
    async approve(ids: number[], reviewer: Reviewer, scope: PortalScope) {
      const rows = await load(ids);
      rows.forEach((r) => assertInScope(scope, r.portalCode));
      rows.forEach((r) => {
        if (r.status !== DELIVERY_STATUS.awaitingReview) notAwaiting(r);
      });
      const now = new Date();
      const jobs: DeliveryJob[] = [];
      await strapi.db.connection.transaction(async (trx) => {
        for (const r of rows) {
          const version = r.version;
          const ok = await store().decide(trx, r.id, { status: DELIVERY_STATUS.awaitingReview, version }, {
            status: DELIVERY_STATUS.pending,
            event: DELIVERY_EVENT.published,
            attempts: 0,
            nextAttemptAt: now,
            lastError: null,
            // Set again when the portal acknowledges the publication of this version.
            portalPublishedAt: null,
            reviewer: reviewer.label,
            reviewedAt: now,
            reviewNote: null,
          });
          if (!ok) await notAwaitingId(r.id, trx);
          jobs.push({ deliveryId: r.id, version, event: DELIVERY_EVENT.published, dueAt: now.getTime(), trigger: 'manual' });
        }
      });
      // After commit; if Redis is down the reconciler sends them.
      await getService('queue', strapi).enqueue(jobs);
      return (await store().find({ ids }, { orderBy: 'id' })).map(deliveryToApi);
    },

    async reject(id: number, reason: string, reviewer: Reviewer, scope: PortalScope) {
      const [row] = await load([id]);
      assertInScope(scope, row.portalCode);
      if (row.status !== DELIVERY_STATUS.awaitingReview) notAwaiting(row);
      const now = new Date();
      const ok = await store().decide(undefined, row.id, { status: DELIVERY_STATUS.awaitingReview, version: row.version }, {
        status: DELIVERY_STATUS.rejected,
        nextAttemptAt: null,
        reviewer: reviewer.label,
        reviewedAt: now,
        reviewNote: reason,
      });
      if (!ok) await notAwaitingId(id);
      return deliveryToApi((await store().get(id))!);
    },

    /**
     * A portal reporting its own board's decision, signed with its own secret (Standard
     * Webhooks). Refused, with nothing changed: unknown portal, missing or wrong signature,
     * timestamp more than 5 minutes away (401); another portal's delivery (403); a
     * webhook-id already used (409); a record no longer awaiting that version (409).
     */
    async verifyCallback(code: string, headers: Record<string, string | string[] | undefined>, rawBody: string | undefined): Promise<{ webhookId: string; payload: unknown }> {
      const portal = await strapi.db.connection(TABLE.portal).where({ code }).first('code', 'secret', 'previous_secret', 'previous_secret_until');
      const refuse = (why: string): never => {
        throw new errors.UnauthorizedError(`Chữ ký không hợp lệ: ${why} / Signature refused: ${why}`);
      };
      // The current secret, and the previous one during a rotation's overlap window: the portal may still sign with it.
      const secrets = portal ? getService('secrets', strapi).signingSecrets(portal) : [];
      if (secrets.length === 0) refuse('cổng không xác định / unknown portal');
      if (rawBody == null) refuse('thiếu nội dung / no body');
      const h = (name: string) => {
        const v = headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      if (!h('webhook-id') || !h('webhook-timestamp') || !h('webhook-signature')) refuse('thiếu webhook-id, webhook-timestamp hoặc webhook-signature / missing webhook-id, webhook-timestamp or webhook-signature');
      const signed = { 'webhook-id': h('webhook-id')!, 'webhook-timestamp': h('webhook-timestamp')!, 'webhook-signature': h('webhook-signature')! };
      let lastError = '';
      for (const secret of secrets) {
        try {
          // Also enforces the ±5 minute timestamp tolerance.
          return { webhookId: signed['webhook-id'], payload: new Webhook(secret).verify(rawBody!, signed) };
        } catch (e) {
          lastError = (e as Error).message;
        }
      }
      return refuse(lastError);
    },

    async applyCallback(code: string, webhookId: string, input: CallbackInput) {
      const { deliveryId, version } = input.data;
      const row = await store().get(deliveryId);
      if (!row) throw new errors.NotFoundError(ERRORS.deliveryNotFound(deliveryId));
      if (row.portalCode !== code) throw new errors.ForbiddenError(`Bản phân phối ${deliveryId} không thuộc cổng "${code}" / Delivery ${deliveryId} does not belong to portal "${code}"`);
      if (!(await firstSighting(code, webhookId))) {
        conflict(`webhook-id "${webhookId}" đã được dùng / webhook-id "${webhookId}" was already used (replay)`, { webhookId });
      }
      try {
        if (row.status !== DELIVERY_STATUS.awaitingReview || row.version !== version) notAwaiting(row, version);
        const now = new Date();
        const reviewer = `Cổng ${code} (callback)`;
        const patch: DeliveryPatch =
          input.type === 'delivery.published'
            ? { status: DELIVERY_STATUS.published, portalPublishedAt: now, remoteUrl: input.data.url || row.remoteUrl, nextAttemptAt: null, reviewer, reviewedAt: now, reviewNote: null }
            : { status: DELIVERY_STATUS.rejected, nextAttemptAt: null, reviewer, reviewedAt: now, reviewNote: input.data.reason ?? null };
        const ok = await store().decide(undefined, row.id, { status: DELIVERY_STATUS.awaitingReview, version }, patch);
        if (!ok) await notAwaitingId(deliveryId);
      } catch (e) {
        // A refused decision may be sent again with the same id once fixed; only an applied one burns it.
        await forget(code, webhookId);
        throw e;
      }
    },
  };
};

export type ReviewService = typeof review;
export default review;
