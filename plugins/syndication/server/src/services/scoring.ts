/**
 * Monthly scoring inputs (Plan 65, Appendices 1 and 2): per department and commune/ward
 * portal, how many items the hub made live there in the month for the criteria its
 * content feeds ("news and events", "dissemination of law and policy"), and the band
 * the count reaches. Bands come from domain/scoring.ts, overridable per tier through
 * the plugin config key `scoring` (e.g. to fill the points the appendix's OCR lost).
 */
import type { Core } from '@strapi/strapi';
import { PLAN_65_SCORING, monthRange, scoreCount, type Appendix, type ScoringConfig } from '../domain/scoring';
import { getService } from '../utils';

const scoring = ({ strapi }: { strapi: Core.Strapi }) => ({
  appendices(): Record<'department' | 'commune', Appendix> {
    const override = (strapi.config.get('plugin::syndication.scoring') ?? {}) as ScoringConfig;
    return { department: override.department ?? PLAN_65_SCORING.department, commune: override.commune ?? PLAN_65_SCORING.commune };
  },

  async month(month: string) {
    const { from, to } = monthRange(month);
    const rows = await getService('deliveryStore', strapi).withItemFacts({ liveOnly: true });
    // (portal, category) → items live in the month
    const counts = new Map<string, number>();
    for (const r of rows) {
      const at = r.portalPublishedAt!.getTime();
      if (at < from.getTime() || at >= to.getTime()) continue;
      const key = `${r.portalCode}|${r.category}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const appendices = this.appendices();
    const portals = (await getService('portal', strapi).list()).filter((p) => p.tier !== 'province');
    return {
      month,
      appendices,
      portals: portals.map((p) => {
        const appendix = appendices[p.tier as 'department' | 'commune'];
        return {
          code: p.code,
          name: p.name,
          tier: p.tier,
          appendix: appendix.appendix,
          criteria: appendix.criteria.map((c) => ({
            key: c.key,
            item: c.item,
            label: c.label,
            maxPoints: c.maxPoints,
            ...scoreCount(c.categories.reduce((n, cat) => n + (counts.get(`${p.code}|${cat}`) ?? 0), 0), c.bands),
          })),
        };
      }),
    };
  },
});

export type ScoringService = typeof scoring;
export default scoring;
