/**
 * Decision 96 category rules: which tiers carry a category and its deadline per tier.
 */
import type { Core } from '@strapi/strapi';
import { UID, type Tier } from '../constants';
import { DECISION_96_CATEGORIES } from '../domain/decision-96';

export interface CategoryRuleRow {
  code: string;
  name: string;
  nameEn: string;
  tiers: Tier[];
  deadlineDays: Partial<Record<Tier, number | null>>;
}

const categoryRule = ({ strapi }: { strapi: Core.Strapi }) => {
  let cache: Map<string, CategoryRuleRow> | null = null;
  return {
    /** Creates missing rules only; an administrator's changed deadline survives restarts. */
    async seed(): Promise<{ created: number }> {
      const existing = new Set((await strapi.db.query(UID.categoryRule).findMany({ select: ['code'] })).map((r: any) => r.code));
      const missing = DECISION_96_CATEGORIES.filter((c) => !existing.has(c.code));
      for (const c of missing) await strapi.documents(UID.categoryRule).create({ data: c as any });
      cache = null;
      return { created: missing.length };
    },

    async all(): Promise<Map<string, CategoryRuleRow>> {
      if (!cache) {
        const rows: CategoryRuleRow[] = await strapi.db.query(UID.categoryRule).findMany({ orderBy: { code: 'asc' } });
        cache = new Map(rows.map((r) => [r.code, r]));
      }
      return cache;
    },

    invalidate() {
      cache = null;
    },

    /** Working days a portal of `tier` has to carry `category`; null = no deadline. */
    async deadlineDays(category: string, tier: Tier): Promise<number | null> {
      const rule = (await this.all()).get(category);
      const days = rule?.deadlineDays?.[tier];
      return typeof days === 'number' ? days : null;
    },
  };
};

export type CategoryRuleService = typeof categoryRule;
export default categoryRule;
