/**
 * Read models and portal actions behind the admin screens (Overview, Failures,
 * Portals, the Content Manager side panel): what administrators and editors look at
 * while deliveries are under way. Every list takes an optional portal scope (the codes
 * a component editor reviews for); `null` means every portal.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { createAdapters } from '../adapters';
import type { SyndicationConfig } from '../config';
import { DELIVERY_STATUS, DELIVERY_STATUSES, TABLE, type Tier } from '../constants';
import { outboundPolicy } from '../infra/outbound-guard';
import { getService } from '../utils';
import type { PortalScope } from '../utils/scope';
import { deliveryToApi } from './delivery';


/** A delivery is live on its portal in these statuses (awaiting_review is a draft there). */
export const LIVE_STATUSES: string[] = [DELIVERY_STATUS.delivered, DELIVERY_STATUS.published];
/** Settled without going live: nothing more is owed, so these are never "at risk". */
const SETTLED_STATUSES: string[] = [DELIVERY_STATUS.rejected, DELIVERY_STATUS.withdrawn];
/** What the Failures screen lists. */
export const FAILURE_STATUSES: string[] = [DELIVERY_STATUS.failed, DELIVERY_STATUS.retrying];

/** The event type of a test delivery; receivers answer it 2xx and store nothing. */
export const TEST_EVENT = 'hub.test';

const MAX_MATRIX_ITEMS = 30;

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
const countsByStatus = () => Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<string, number>;

/**
 * Every read of delivery rows the screens make, in one place: these queries move into
 * services/delivery-store.ts (the only module that touches the delivery tables).
 */
function deliveryQueries(strapi: Core.Strapi) {
  const knex = () => strapi.db.connection;
  const scoped = (q: any, scope: PortalScope) => (scope ? q.whereIn('portal_code', scope) : q);

  return {
    /** The N items most recently fanned out (or re-sent), newest first. */
    async recentItemIds(limit: number, scope: PortalScope): Promise<string[]> {
      const rows = await scoped(knex()(TABLE.delivery), scope)
        .select('item_document_id')
        .max({ last: 'created_at' })
        .groupBy('item_document_id')
        .orderBy('last', 'desc')
        .limit(limit);
      return rows.map((r: any) => r.item_document_id);
    },

    async countsForItems(itemIds: string[], scope: PortalScope): Promise<{ item_document_id: string; status: string; n: number }[]> {
      if (itemIds.length === 0) return [];
      return scoped(knex()(TABLE.delivery), scope).whereIn('item_document_id', itemIds).select('item_document_id', 'status').count({ n: '*' }).groupBy('item_document_id', 'status');
    },

    async cellsForItems(itemIds: string[], scope: PortalScope): Promise<{ item_document_id: string; portal_code: string; status: string; id: number }[]> {
      if (itemIds.length === 0) return [];
      return scoped(knex()(TABLE.delivery), scope).whereIn('item_document_id', itemIds).select('id', 'item_document_id', 'portal_code', 'status');
    },

    /** Not live, not settled, and due by `before`. */
    async dueBefore(before: Date, scope: PortalScope): Promise<any[]> {
      return scoped(knex()(TABLE.delivery), scope)
        .whereNotIn('status', [...LIVE_STATUSES, ...SETTLED_STATUSES])
        .whereNotNull('deadline_at')
        .where('deadline_at', '<=', before)
        .orderBy('deadline_at', 'asc')
        .limit(500);
    },

    async failures(filter: { portal?: string; status?: string; item?: string }, scope: PortalScope, page: { limit: number; offset: number }): Promise<{ rows: any[]; total: number }> {
      const base = () => {
        let q = scoped(knex()(TABLE.delivery), scope).whereIn('status', filter.status ? [filter.status] : FAILURE_STATUSES);
        if (filter.portal) q = q.where('portal_code', filter.portal);
        if (filter.item) q = q.where('item_document_id', filter.item);
        return q;
      };
      const [{ n }] = await base().count({ n: '*' });
      const rows = await base().orderBy([{ column: 'last_attempt_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(page.limit).offset(page.offset);
      return { rows, total: Number(n) };
    },

    async forItem(itemId: string, scope: PortalScope): Promise<any[]> {
      return scoped(knex()(TABLE.delivery), scope).where({ item_document_id: itemId }).orderBy('portal_code');
    },

    async byIds(ids: number[]): Promise<any[]> {
      if (ids.length === 0) return [];
      return knex()(TABLE.delivery).whereIn('id', ids);
    },

    async failuresOfPortal(code: string): Promise<any[]> {
      return knex()(TABLE.delivery).where({ portal_code: code }).whereIn('status', FAILURE_STATUSES);
    },
  };
}

const operations = ({ strapi }: { strapi: Core.Strapi }) => {
  const deliveries = deliveryQueries(strapi);
  const config = () => strapi.config.get('plugin::syndication') as SyndicationConfig;

  /** Titles and versions of items, from their published row when there is one (withdrawn items keep the draft's). */
  async function itemInfo(ids: string[]): Promise<Map<string, { title: string; version: number; publishedAt: string | null; category: string | null }>> {
    const out = new Map();
    if (ids.length === 0) return out;
    const rows = await strapi.db.connection(TABLE.item).whereIn('document_id', ids).select('document_id', 'title', 'version', 'published_at', 'category');
    for (const r of rows) {
      const known = out.get(r.document_id);
      if (known && known.publishedAt) continue; // keep the published row
      out.set(r.document_id, { title: r.title, version: Number(r.version ?? 0), publishedAt: iso(r.published_at), category: r.category ?? null });
    }
    return out;
  }

  async function portalNames(): Promise<Map<string, { name: string; tier: Tier }>> {
    const rows = await strapi.db.connection(TABLE.portal).select('code', 'name', 'tier');
    return new Map(rows.map((r: any) => [r.code, { name: r.name, tier: r.tier }]));
  }

  /** Working days from now until `deadline` (0 = due today; negative = overdue by that many). */
  async function daysLeftFn(): Promise<(deadline: Date | null, now?: Date) => number | null> {
    const cal = await getService('calendar', strapi).current();
    return (deadline, now = new Date()) => {
      if (!deadline) return null;
      if (deadline.getTime() < now.getTime()) {
        let n = 0;
        while (n < 60 && cal.addWorkingDays(deadline, n + 1).getTime() < now.getTime()) n += 1;
        return -(n + 1);
      }
      let n = 0;
      while (n < 60 && cal.addWorkingDays(now, n).getTime() < deadline.getTime()) n += 1;
      return n;
    };
  }

  const withNames = (rows: any[], names: Map<string, { name: string; tier: Tier }>, items: Map<string, { title: string }>) =>
    rows.map((r) => ({
      ...deliveryToApi(r),
      portalName: names.get(r.portal_code)?.name ?? r.portal_code,
      tier: names.get(r.portal_code)?.tier ?? null,
      itemTitle: items.get(r.item_document_id)?.title ?? null,
    }));

  return {

    /** Recent items with per-status counts out of their targets, and what is at risk. */
    async overview(opts: { limit: number }, scope: PortalScope) {
      const ids = await deliveries.recentItemIds(opts.limit, scope);
      const [counts, info] = await Promise.all([deliveries.countsForItems(ids, scope), itemInfo(ids)]);
      const byItem = new Map(ids.map((id) => [id, { total: 0, byStatus: countsByStatus() }]));
      for (const c of counts) {
        const entry = byItem.get(c.item_document_id)!;
        entry.byStatus[c.status] = (entry.byStatus[c.status] ?? 0) + Number(c.n);
        entry.total += Number(c.n);
      }
      const items = ids.map((id) => {
        const entry = byItem.get(id)!;
        const live = LIVE_STATUSES.reduce((sum, s) => sum + (entry.byStatus[s] ?? 0), 0);
        return { documentId: id, ...(info.get(id) ?? { title: id, version: 0, publishedAt: null, category: null }), total: entry.total, live, byStatus: entry.byStatus };
      });
      return { items, atRisk: await this.atRisk(scope), generatedAt: new Date().toISOString() };
    },

    /** One item's progress on every portal (in scope): the Content Manager side panel and the item page. */
    async itemProgress(documentId: string, scope: PortalScope) {
      const [rows, info, names] = await Promise.all([deliveries.forItem(documentId, scope), itemInfo([documentId]), portalNames()]);
      const byStatus = countsByStatus();
      for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      const live = LIVE_STATUSES.reduce((sum, s) => sum + byStatus[s], 0);
      return {
        item: { documentId, ...(info.get(documentId) ?? { title: null, version: 0, publishedAt: null, category: null }) },
        summary: { total: rows.length, live, byStatus },
        deliveries: withNames(rows, names, info),
      };
    },

    /** Deliveries not yet live whose deadline falls within one working day (or has passed). */
    async atRisk(scope: PortalScope) {
      const horizon = await getService('calendar', strapi).deadline(new Date(), 1);
      const rows = await deliveries.dueBefore(horizon, scope);
      const workingDaysLeft = await daysLeftFn();
      const [names, info] = await Promise.all([portalNames(), itemInfo([...new Set(rows.map((r: any) => r.item_document_id as string))])]);
      const now = new Date();
      return withNames(rows, names, info).map((d) => ({ ...d, workingDaysLeft: workingDaysLeft(d.deadlineAt ? new Date(d.deadlineAt) : null, now) }));
    },

    /** Portal × item status matrix for the last N items; rows filtered by tier and by a status some cell has. */
    async matrix(opts: { items: number; tier?: Tier; status?: string }, scope: PortalScope) {
      const ids = await deliveries.recentItemIds(Math.min(opts.items, MAX_MATRIX_ITEMS), scope);
      const [cells, info, names] = await Promise.all([deliveries.cellsForItems(ids, scope), itemInfo(ids), portalNames()]);
      const column = new Map(ids.map((id, i) => [id, i]));
      const rows = new Map<string, { code: string; name: string; tier: Tier; cells: ({ status: string; id: number } | null)[] }>();
      for (const c of cells) {
        const p = names.get(c.portal_code);
        if (opts.tier && p?.tier !== opts.tier) continue;
        let row = rows.get(c.portal_code);
        if (!row) {
          row = { code: c.portal_code, name: p?.name ?? c.portal_code, tier: p?.tier ?? ('commune' as Tier), cells: ids.map(() => null) };
          rows.set(c.portal_code, row);
        }
        row.cells[column.get(c.item_document_id)!] = { status: c.status, id: Number(c.id) };
      }
      const tierOrder: Record<string, number> = { province: 0, department: 1, commune: 2 };
      const portals = [...rows.values()]
        .filter((r) => !opts.status || r.cells.some((c) => c?.status === opts.status))
        .sort((a, b) => tierOrder[a.tier] - tierOrder[b.tier] || a.code.localeCompare(b.code));
      return { items: ids.map((id) => ({ documentId: id, title: info.get(id)?.title ?? id })), portals };
    },

    async failures(filter: { portal?: string; status?: string; item?: string; page: number; pageSize: number }, scope: PortalScope) {
      const { rows, total } = await deliveries.failures(filter, scope, { limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize });
      const [names, info] = await Promise.all([portalNames(), itemInfo([...new Set(rows.map((r: any) => r.item_document_id as string))])]);
      return { data: withNames(rows, names, info), meta: { total, page: filter.page, pageSize: filter.pageSize } };
    },

    /** One delivery as its portal received it: the record, every attempt, and the exact payload of its version. */
    async details(id: number) {
      const row = await getService('delivery', strapi).get(id);
      const [attempts, payload, portal, info] = await Promise.all([
        getService('delivery', strapi).attempts(id),
        getService('snapshot', strapi).get(row.item_document_id, Number(row.version)),
        getService('portal', strapi).findByCode(row.portal_code),
        itemInfo([row.item_document_id]),
      ]);
      const d = deliveryToApi(row);
      return {
        ...d,
        portalName: portal?.name ?? row.portal_code,
        itemTitle: info.get(row.item_document_id)?.title ?? null,
        section: (payload && portal?.sectionMap?.[payload.category]) ?? null,
        reviewer: row.reviewer ?? null,
        reviewNote: row.review_note ?? null,
        workingDaysLeft: (await daysLeftFn())(d.deadlineAt ? new Date(d.deadlineAt) : null),
        payload,
        attemptLog: attempts.map((a: any) => ({
          attempt: Number(a.attempt_no),
          event: a.event,
          version: Number(a.version),
          startedAt: iso(a.started_at),
          durationMs: Number(a.duration_ms),
          httpStatus: a.http_status == null ? null : Number(a.http_status),
          outcome: a.outcome,
          excerpt: a.excerpt,
          trigger: a.trigger,
        })),
      };
    },

    /** Delivery rows by id (for scope checks and bulk retries). */
    byIds: (ids: number[]) => deliveries.byIds(ids),

    /** Sends the selected deliveries again; ones that are not failed/retrying/skipped are left alone. */
    async retrySelected(ids: number[]): Promise<{ retried: number; requested: number }> {
      const rows = await deliveries.byIds(ids);
      const retried = await getService('delivery', strapi).retryRows(rows);
      return { retried, requested: ids.length };
    },

    /** Stops deliveries to a portal: new work is recorded as skipped until it is resumed. */
    async pause(code: string, reason: string) {
      const portal = getService('portal', strapi);
      await portal.getByCode(code);
      await portal.pause(code, reason);
      getService('portalHealth', strapi).reset(code);
      return portal.toApi(await portal.getByCode(code));
    },

    /** Resumes a paused portal and sends again what was skipped or failed meanwhile. */
    async resume(code: string) {
      const portal = getService('portal', strapi);
      await portal.getByCode(code);
      await portal.upsert(code, { active: true });
      getService('portalHealth', strapi).reset(code);
      const retried = await getService('delivery', strapi).retryFailedForPortal(code);
      return { portal: portal.toApi(await portal.getByCode(code)), retried };
    },

    /**
     * Signs and posts a `hub.test` event to the portal's endpoint with its current
     * secret: proves the address and the secret work without touching any record.
     */
    async sendTest(code: string) {
      const p = await getService('portal', strapi).getByCode(code);
      if (!p.endpoint) throw new errors.ValidationError(`Cổng ${code} chưa có địa chỉ nhận tin / Portal ${code} has no endpoint`);
      // A one-off adapter (closed right after): a test is rare and must not share the workers' sockets.
      const adapters = createAdapters({ maxSocketsPerPortal: 1, outbound: () => outboundPolicy(config()) });
      const adapter = adapters.get(p.adapter) ?? adapters.get('webhook')!;
      const now = new Date();
      const body = JSON.stringify({ type: TEST_EVENT, timestamp: now.toISOString(), data: { delivery: { portal: code, publishMode: p.publishMode }, test: true } });
      let result;
      try {
        result = await adapter.send({ portal: { code, endpoint: p.endpoint, secrets: getService('secrets', strapi).signingSecrets(p as any) }, event: TEST_EVENT as any, messageId: `test.${code}.${now.getTime()}`, body, timeoutMs: config().requestTimeoutMs });
      } finally {
        for (const a of adapters.values()) await a.close?.();
      }
      const ok = result.httpStatus != null && result.httpStatus >= 200 && result.httpStatus < 300;
      return { ok, httpStatus: result.httpStatus, durationMs: result.durationMs, error: result.error, excerpt: result.excerpt, at: now.toISOString() };
    },
  };
};

export type OperationsService = typeof operations;
export default operations;
