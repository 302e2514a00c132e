import type { Core } from '@strapi/strapi';
import { PERMISSIONS } from '../constants';
import { getService } from '../utils';
import { assertInScope, portalScope } from '../utils/scope';
import { deliveryToApi } from '../services/delivery';
import { deliveryId } from './validation/common';


const delivery = ({ strapi }: { strapi: Core.Strapi }) => ({
  async findOne(ctx) {
    const id = deliveryId(ctx.params.id);
    const row = await getService('delivery', strapi).get(id);
    assertInScope(await portalScope(ctx, PERMISSIONS.deliveriesRead, strapi), row.portal_code);
    const attempts = await getService('delivery', strapi).attempts(id);
    ctx.body = {
      data: {
        ...deliveryToApi(row),
        attemptLog: attempts.map((a: any) => ({
          attempt: Number(a.attempt_no),
          event: a.event,
          version: Number(a.version),
          startedAt: new Date(a.started_at).toISOString(),
          durationMs: Number(a.duration_ms),
          httpStatus: a.http_status == null ? null : Number(a.http_status),
          outcome: a.outcome,
          excerpt: a.excerpt,
          trigger: a.trigger,
        })),
      },
    };
  },

  async retry(ctx) {
    const id = deliveryId(ctx.params.id);
    const row = await getService('delivery', strapi).get(id);
    assertInScope(await portalScope(ctx, PERMISSIONS.deliveriesRetry, strapi), row.portal_code);
    const data = await getService('delivery', strapi).retry(id);
    await getService('audit', strapi).record({ action: 'delivery.retry', target: { type: 'delivery', id }, details: { portal: row.portal_code, item: row.item_document_id } });
    ctx.body = { data };
  },
});

export default delivery;
