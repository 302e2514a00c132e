import type { RequestContext } from '../utils/context';
import type { Core } from '@strapi/strapi';
import { PERMISSIONS } from '../constants';
import { getService } from '../utils';
import { portalScope } from '../utils/scope';
import { validateItemCreate, validateItemUpdate } from './validation/item';

const item = ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: RequestContext) {
    const input = await validateItemCreate(ctx.request.body);
    const publish = ctx.query.publish === 'true' || ctx.query.publish === '1';
    ctx.status = 201;
    ctx.body = { data: await getService('item', strapi).create(input, { publish }) };
  },

  async findOne(ctx: RequestContext) {
    ctx.body = { data: await getService('item', strapi).current(ctx.params.documentId) };
  },

  async update(ctx: RequestContext) {
    const input = await validateItemUpdate(ctx.request.body);
    ctx.body = { data: await getService('item', strapi).update(ctx.params.documentId, input) };
  },

  async publish(ctx: RequestContext) {
    ctx.body = { data: await getService('item', strapi).publish(ctx.params.documentId) };
  },

  async withdraw(ctx: RequestContext) {
    ctx.body = { data: await getService('item', strapi).withdraw(ctx.params.documentId) };
  },

  async deliveries(ctx: RequestContext) {
    await getService('item', strapi).mustExistAnyState(ctx.params.documentId);
    const scope = await portalScope(ctx, PERMISSIONS.deliveriesRead, strapi);
    ctx.body = await getService('delivery', strapi).forItem(ctx.params.documentId, scope);
  },

  async retryFailed(ctx: RequestContext) {
    const scope = await portalScope(ctx, PERMISSIONS.deliveriesRetry, strapi);
    const count = await getService('delivery', strapi).retryFailedForItem(ctx.params.documentId, scope);
    await getService('audit', strapi).record({ action: 'delivery.retry', target: { type: 'item', id: ctx.params.documentId }, details: { retried: count, scope } });
    ctx.body = { data: { retried: count } };
  },
});

export default item;
