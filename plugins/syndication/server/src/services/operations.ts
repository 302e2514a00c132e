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
import { DELIVERY_STATUS, DELIVERY_STATUSES, TABLE, type DeliveryEvent, type Tier } from '../constants';
import { outboundPolicy } from '../infra/outbound-guard';
import { getService } from '../utils';
import type { PortalScope } from '../utils/scope';
import { attemptToApi, deliveryToApi, type DeliveryFilter, type DeliveryRecord } from './delivery-store';


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

/** The scope as a store filter: `null` (every portal) filters nothing. */
const inScope = (scope: PortalScope): DeliveryFilter => (scope ? { portalCodes: scope } : {});

const operations = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService('deliveryStore', strapi);
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
    const rows: { code: string; name: string; tier: Tier }[] = await strapi.db.connection(TABLE.portal).select('code', 'name', 'tier');
    return new Map(rows.map((r) => [r.code, { name: r.name, tier: r.tier }]));
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

  const withNames = (rows: DeliveryRecord[], names: Map<string, { name: string; tier: Tier }>, items: Map<string, { title: string }>) =>
    rows.map((r) => ({
      ...deliveryToApi(r),
      portalName: names.get(r.portalCode)?.name ?? r.portalCode,
      tier: names.get(r.portalCode)?.tier ?? null,
      itemTitle: items.get(r.itemDocumentId)?.title ?? null,
    }));

  return {

    /** Recent items with per-status counts out of their targets, and what is at risk. */
    async overview(opts: { limit: number }, scope: PortalScope) {
      const ids = await store().recentItems(opts.limit, inScope(scope));
      const [counts, info] = await Promise.all([ids.length ? store().countByStatus({ itemDocumentIds: ids, ...inScope(scope) }, 'item') : [], itemInfo(ids)]);
      const byItem = new Map(ids.map((id) => [id, { total: 0, byStatus: countsByStatus() }]));
      for (const c of counts) {
        const entry = byItem.get(c.key!)!;
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
      const [rows, info, names] = await Promise.all([store().find({ itemDocumentIds: [documentId], ...inScope(scope) }, { orderBy: 'portal' }), itemInfo([documentId]), portalNames()]);
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
      // Not live, not settled, and due by the horizon.
      const rows = await store().find({ excludeStatuses: [...LIVE_STATUSES, ...SETTLED_STATUSES], deadlineBefore: horizon, ...inScope(scope) }, { orderBy: 'deadline', limit: 500 });
      const workingDaysLeft = await daysLeftFn();
      const [names, info] = await Promise.all([portalNames(), itemInfo([...new Set(rows.map((r) => r.itemDocumentId))])]);
      const now = new Date();
      return withNames(rows, names, info).map((d) => ({ ...d, workingDaysLeft: workingDaysLeft(d.deadlineAt ? new Date(d.deadlineAt) : null, now) }));
    },

    /** Portal × item status matrix for the last N items; rows filtered by tier and by a status some cell has. */
    async matrix(opts: { items: number; tier?: Tier; status?: string }, scope: PortalScope) {
      const ids = await store().recentItems(Math.min(opts.items, MAX_MATRIX_ITEMS), inScope(scope));
      const [cells, info, names] = await Promise.all([ids.length ? store().find({ itemDocumentIds: ids, ...inScope(scope) }) : [], itemInfo(ids), portalNames()]);
      const column = new Map(ids.map((id, i) => [id, i]));
      const rows = new Map<string, { code: string; name: string; tier: Tier; cells: ({ status: string; id: number } | null)[] }>();
      for (const c of cells) {
        const p = names.get(c.portalCode);
        if (opts.tier && p?.tier !== opts.tier) continue;
        let row = rows.get(c.portalCode);
        if (!row) {
          row = { code: c.portalCode, name: p?.name ?? c.portalCode, tier: p?.tier ?? ('commune' as Tier), cells: ids.map(() => null) };
          rows.set(c.portalCode, row);
        }
        row.cells[column.get(c.itemDocumentId)!] = { status: c.status, id: c.id };
      }
      const tierOrder: Record<string, number> = { province: 0, department: 1, commune: 2 };
      const portals = [...rows.values()]
        .filter((r) => !opts.status || r.cells.some((c) => c?.status === opts.status))
        .sort((a, b) => tierOrder[a.tier] - tierOrder[b.tier] || a.code.localeCompare(b.code));
      return { items: ids.map((id) => ({ documentId: id, title: info.get(id)?.title ?? id })), portals };
    },

    async failures(filter: { portal?: string; status?: string; item?: string; page: number; pageSize: number }, scope: PortalScope) {
      const where: DeliveryFilter = {
        statuses: filter.status ? [filter.status] : FAILURE_STATUSES,
        ...inScope(scope),
        ...(filter.portal ? { portalCodes: scope ? scope.filter((c) => c === filter.portal) : [filter.portal] } : {}),
        ...(filter.item ? { itemDocumentIds: [filter.item] } : {}),
      };
      const [total, rows] = await Promise.all([store().count(where), store().find(where, { orderBy: 'lastAttemptDesc', limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize })]);
      const [names, info] = await Promise.all([portalNames(), itemInfo([...new Set(rows.map((r) => r.itemDocumentId))])]);
      return { data: withNames(rows, names, info), meta: { total, page: filter.page, pageSize: filter.pageSize } };
    },

    /** One delivery as its portal received it: the record, every attempt, and the exact payload of its version. */
    async details(id: number) {
      const row = await getService('delivery', strapi).get(id);
      const [attempts, payload, portal, info] = await Promise.all([
        store().attempts(id),
        getService('snapshot', strapi).get(row.itemDocumentId, row.version),
        getService('portal', strapi).findByCode(row.portalCode),
        itemInfo([row.itemDocumentId]),
      ]);
      const d = deliveryToApi(row);
      return {
        ...d,
        portalName: portal?.name ?? row.portalCode,
        itemTitle: info.get(row.itemDocumentId)?.title ?? null,
        section: (payload && portal?.sectionMap?.[payload.category]) ?? null,
        workingDaysLeft: (await daysLeftFn())(d.deadlineAt ? new Date(d.deadlineAt) : null),
        payload,
        attemptLog: attempts.map(attemptToApi),
      };
    },

    /** Delivery records by id (for scope checks and bulk retries). */
    byIds: (ids: number[]) => (ids.length ? store().find({ ids }) : Promise.resolve([])),

    /** Sends the selected deliveries again; ones that are not failed/retrying/skipped are left alone. */
    async retrySelected(ids: number[]): Promise<{ retried: number; requested: number }> {
      const retried = await getService('delivery', strapi).retryMany(ids);
      return { retried, requested: ids.length };
    },

    /**
     * Stops deliveries to a portal: new work is recorded as skipped until it is resumed.
     * The portal service's pause, as for a 410 Gone: it also writes the audit entry.
     */
    async pause(code: string, reason: string) {
      const portal = getService('portal', strapi);
      const paused = await portal.pause(code, reason);
      return portal.toApi(paused ?? (await portal.getByCode(code))); // null only if removed meanwhile: 404
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
      // The adapter signs whatever event it is given; its type lists the delivery events only.
      let result;
      try {
        result = await adapter.send({ portal: { code, endpoint: p.endpoint, secrets: getService('secrets', strapi).signingSecrets(p) }, event: TEST_EVENT as string as DeliveryEvent, messageId: `test.${code}.${now.getTime()}`, body, timeoutMs: config().requestTimeoutMs });
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
