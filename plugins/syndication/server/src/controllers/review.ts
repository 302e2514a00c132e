import type { RequestContext } from '../utils/context';
import type { Core } from '@strapi/strapi';
import { PERMISSIONS } from '../constants';
import { getService } from '../utils';
import { assertInScope, portalScope } from '../utils/scope';
import type { DeliveryApi } from '../services/delivery-store';
import type { Reviewer } from '../services/review';
import { deliveryId } from './validation/common';
import { validateBulkApprove, validateCallback, validateInboxQuery, validateReject } from './validation/review';

/** Who is deciding: the admin user (name <e-mail>), or the API token of an integration. */
function reviewerOf(ctx: RequestContext): Reviewer {
  const user = ctx.state?.user;
  if (user?.email) return { label: `${[user.firstname, user.lastname].filter(Boolean).join(' ')} <${user.email}>`.trim().slice(0, 255) };
  const token = ctx.state?.auth?.credentials;
  return { label: `API token "${token?.name ?? token?.id ?? '?'}"`.slice(0, 255) };
}

/** koa-body keeps the exact bytes (config/middlewares.ts, includeUnparsed): the signature covers them, not a re-serialisation. */
const UNPARSED = Symbol.for('unparsedBody');

async function auditDecisions(strapi: Core.Strapi, action: string, rows: (Pick<DeliveryApi, 'id' | 'portal'> | undefined)[], details: Record<string, unknown> = {}) {
  for (const d of rows) await getService('audit', strapi).record({ action, target: { type: 'delivery', id: d?.id ?? null }, details: { portal: d?.portal ?? null, ...details } });
}

const review = ({ strapi }: { strapi: Core.Strapi }) => ({
  async inbox(ctx: RequestContext) {
    const q = await validateInboxQuery(ctx.query);
    const scope = await portalScope(ctx, PERMISSIONS.deliveriesRead, strapi);
    if (q.portal) assertInScope(scope, q.portal);
    ctx.body = await getService('review', strapi).inbox(scope, q);
  },

  async approve(ctx: RequestContext) {
    const scope = await portalScope(ctx, PERMISSIONS.deliveriesReview, strapi);
    const [data] = await getService('review', strapi).approve([deliveryId(ctx.params.id)], reviewerOf(ctx), scope);
    await auditDecisions(strapi, 'delivery.approve', [data]);
    ctx.body = { data };
  },

  async approveMany(ctx: RequestContext) {
    const { ids } = await validateBulkApprove(ctx.request.body);
    const scope = await portalScope(ctx, PERMISSIONS.deliveriesReview, strapi);
    const data = await getService('review', strapi).approve([...new Set(ids)], reviewerOf(ctx), scope);
    await auditDecisions(strapi, 'delivery.approve', data);
    ctx.body = { data, meta: { approved: data.length } };
  },

  async reject(ctx: RequestContext) {
    const id = deliveryId(ctx.params.id);
    const { reason } = await validateReject(ctx.request.body);
    const scope = await portalScope(ctx, PERMISSIONS.deliveriesReview, strapi);
    const data = await getService('review', strapi).reject(id, reason, reviewerOf(ctx), scope);
    await auditDecisions(strapi, 'delivery.reject', [data], { reason });
    ctx.body = { data };
  },

  /** POST /api/syndication/callbacks/:code — no API token: the portal's signature is the credential. */
  async callback(ctx: RequestContext) {
    const code = String(ctx.params.code).normalize('NFC');
    const service = getService('review', strapi);
    const raw = ctx.request.body?.[UNPARSED];
    const { webhookId, payload } = await service.verifyCallback(code, ctx.request.headers, typeof raw === 'string' ? raw : undefined);
    const input = await validateCallback(payload);
    await service.applyCallback(code, webhookId, input);
    // The portal's own board decided, in its CMS; the signature identified the portal.
    await getService('audit', strapi).record({
      action: input.type === 'delivery.rejected' ? 'delivery.reject' : 'delivery.approve',
      actor: { type: 'portal', id: code, name: `Cổng ${code} (callback)` },
      target: { type: 'delivery', id: input.data.deliveryId },
      details: { webhookId, version: input.data.version, reason: input.data.reason ?? null, url: input.data.url ?? null },
    });
    ctx.status = 204;
  },
});

export default review;
