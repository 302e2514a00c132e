import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import { ruleToApi, PRESETS } from '../services/category-rule';
import { validateRuleUpdate } from './validation/compliance';

const categoryRule = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    ctx.body = { data: [...(await getService('categoryRule', strapi).all()).values()].map(ruleToApi) };
  },

  async findOne(ctx) {
    ctx.body = { data: ruleToApi(await getService('categoryRule', strapi).get(String(ctx.params.code))) };
  },

  async update(ctx) {
    const patch = await validateRuleUpdate(ctx.request.body);
    ctx.body = { data: await getService('categoryRule', strapi).update(String(ctx.params.code), patch) };
  },

  async applyPreset(ctx) {
    ctx.body = { data: await getService('categoryRule', strapi).applyPreset(String(ctx.params.name) as keyof typeof PRESETS) };
  },
});

export default categoryRule;
