import type { RequestContext } from '../utils/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import { ruleToApi, PRESETS } from '../services/category-rule';
import { validateRuleUpdate } from './validation/compliance';

const categoryRule = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    ctx.body = { data: [...(await getService('categoryRule', strapi).all()).values()].map(ruleToApi) };
  },

  async findOne(ctx: RequestContext) {
    ctx.body = { data: ruleToApi(await getService('categoryRule', strapi).get(String(ctx.params.code))) };
  },

  async update(ctx: RequestContext) {
    const patch = await validateRuleUpdate(ctx.request.body);
    const code = String(ctx.params.code);
    const before = ruleToApi(await getService('categoryRule', strapi).get(code));
    const data = await getService('categoryRule', strapi).update(code, patch);
    await getService('audit', strapi).record({ action: 'category-rule.update', target: { type: 'category-rule', id: code }, before, after: data });
    ctx.body = { data };
  },

  async applyPreset(ctx: RequestContext) {
    const before = [...(await getService('categoryRule', strapi).all()).values()].map(ruleToApi);
    const data = await getService('categoryRule', strapi).applyPreset(String(ctx.params.name) as keyof typeof PRESETS);
    await getService('audit', strapi).record({ action: 'category-rule.update', target: { type: 'category-rule-preset', id: String(ctx.params.name) }, before, after: data });
    ctx.body = { data };
  },
});

export default categoryRule;
