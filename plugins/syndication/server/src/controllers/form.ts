/**
 * The provincial editor's form in the Content Manager: the reference lists its pickers
 * show and the "before Publish" plan. Admin routes (any logged-in administrator who can
 * open the form); no secrets or endpoints leave here.
 */
import type { RequestContext } from '../utils/context';
import type { Core } from '@strapi/strapi';
import { DEFAULT_CATEGORY, DIRECTION_KIND_LABELS, DIRECTION_KINDS, TIER_LABELS, TIERS } from '../constants';
import { DECISION_96_CATEGORIES } from '../domain/decision-96';
import { getService } from '../utils';
import { validatePublishPlan } from './validation/form';

const form = ({ strapi }: { strapi: Core.Strapi }) => ({
  async options(ctx: RequestContext) {
    const portals = await getService('portal', strapi).list();
    ctx.body = {
      data: {
        defaultCategory: DEFAULT_CATEGORY,
        categories: DECISION_96_CATEGORIES.map((c) => ({ code: c.code, name: c.name, label: `${c.code} — ${c.name}` })),
        kinds: DIRECTION_KINDS.map((k) => ({ value: k, label: DIRECTION_KIND_LABELS[k] })),
        tiers: TIERS.map((t) => ({ value: t, label: TIER_LABELS[t], count: portals.filter((p) => p.tier === t).length })),
        portals: portals.map((p) => ({ code: p.code, name: p.name, tier: p.tier, communeType: p.communeType ?? null, publishMode: p.publishMode })),
      },
    };
  },

  async plan(ctx: RequestContext) {
    const { data } = await validatePublishPlan(ctx.request.body);
    ctx.body = { data: await getService('publishPlan', strapi).plan(data) };
  },
});

export default form;
