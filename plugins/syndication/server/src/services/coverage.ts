/**
 * Coverage (Decision 96, Art. 8 and 11.3.e): for each portal and category, whether the
 * portal must carry it, which of its sections receives it (the portal's section map),
 * and whether the hub has kept it up to date.
 *  - gap: required, but no section is mapped (deliveries still go out without a section);
 *  - stale: mapped, but nothing went live through the hub within the category's
 *    expected interval (rule `expectedIntervalDays`);
 *  - covered: mapped and recent (or mapped, for a category without an expected interval);
 *  - not_required: neither required for the tier nor mapped.
 */
import type { Core } from '@strapi/strapi';
import type { Tier } from '../constants';
import { getService } from '../utils';

export const COVERAGE_STATUSES = ['covered', 'gap', 'stale', 'not_required'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

const DAY_MS = 24 * 3600 * 1000;

const coverage = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** When each (portal, category) last went live through the hub. */
  async lastLive(): Promise<Map<string, Date>> {
    const rows = await getService('deliveryStore', strapi).withItemFacts({ liveOnly: true });
    const last = new Map<string, Date>();
    for (const r of rows) {
      const key = `${r.portalCode}|${r.category}`;
      const at = r.portalPublishedAt!;
      if (!last.has(key) || last.get(key)! < at) last.set(key, at);
    }
    return last;
  },

  async list(filter: { portal?: string; tier?: Tier; status?: CoverageStatus } = {}, now = new Date()) {
    const portalService = getService('portal', strapi);
    if (filter.portal) await portalService.getByCode(filter.portal); // 404 for an unknown code
    const portals = (await portalService.list({ tier: filter.tier })).filter((p) => !filter.portal || p.code === filter.portal);
    const rules = [...(await getService('categoryRule', strapi).all()).values()];
    const last = await this.lastLive();
    const out: Array<Record<string, unknown>> = [];
    for (const p of portals) {
      for (const rule of rules) {
        const required = rule.tiers.includes(p.tier);
        const section = p.sectionMap?.[rule.code] ?? null;
        const lastUpdatedAt = last.get(`${p.code}|${rule.code}`) ?? null;
        let status: CoverageStatus;
        if (!section) status = required ? 'gap' : 'not_required';
        else if (rule.expectedIntervalDays == null) status = 'covered';
        else status = lastUpdatedAt && now.getTime() - lastUpdatedAt.getTime() <= rule.expectedIntervalDays * DAY_MS ? 'covered' : 'stale';
        if (filter.status && status !== filter.status) continue;
        out.push({ portal: p.code, portalName: p.name, tier: p.tier, category: rule.code, categoryName: rule.name, required, section, status, lastUpdatedAt: lastUpdatedAt?.toISOString() ?? null });
      }
    }
    return out;
  },
});

export type CoverageService = typeof coverage;
export default coverage;
