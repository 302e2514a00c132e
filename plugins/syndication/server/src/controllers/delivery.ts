import type { RequestContext } from '../utils/context';
import type { Core } from '@strapi/strapi';
import { PERMISSIONS } from '../constants';
import { getService } from '../utils';
import { assertInScope, portalScope } from '../utils/scope';
import { deliveryId } from './validation/common';

const delivery = ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx: RequestContext) {
    const id = deliveryId(ctx.params.id);
    const record = await getService('delivery', strapi).get(id);
    assertInScope(await portalScope(ctx, PERMISSIONS.deliveriesRead, strapi), record.portalCode);
    ctx.body = { data: await getService('delivery', strapi).withAttempts(record) };
  },

  async retry(ctx: RequestContext) {
    const id = deliveryId(ctx.params.id);
    const record = await getService('delivery', strapi).get(id);
    assertInScope(await portalScope(ctx, PERMISSIONS.deliveriesRetry, strapi), record.portalCode);
    const data = await getService('delivery', strapi).retry(id);
    await getService('audit', strapi).record({ action: 'delivery.retry', target: { type: 'delivery', id }, details: { portal: record.portalCode, item: record.itemDocumentId } });
    ctx.body = { data };
  },
});

export default delivery;
