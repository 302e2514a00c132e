import type { RequestContext } from '../utils/context';
import type { Core } from '@strapi/strapi';
import { PERMISSIONS } from '../constants';
import type { SyndicationConfig } from '../config';
import { outboundPolicy } from '../infra/outbound-guard';
import { getService } from '../utils';
import { assertInScope, inScope, portalScope } from '../utils/scope';
import { validatePortalListQuery, validatePortalUpsert, validateSecretRotation } from './validation/portal';

const portal = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const q = await validatePortalListQuery(ctx.query);
    const scope = await portalScope(ctx, PERMISSIONS.portalsRead, strapi);
    const all = await getService('portal', strapi).list({ tier: q.tier, active: q.active === undefined ? undefined : q.active === 'true' });
    const rows = all.filter((p) => inScope(scope, p.code));
    ctx.body = { data: rows.map((r) => getService('portal', strapi).toApi(r)), meta: { total: rows.length } };
  },

  async findOne(ctx: RequestContext) {
    const row = await getService('portal', strapi).getByCode(ctx.params.code);
    ctx.body = { data: getService('portal', strapi).toApi(row) };
  },

  async upsert(ctx: RequestContext) {
    const code = String(ctx.params.code).normalize('NFC');
    const service = getService('portal', strapi);
    const current = await service.findByCode(code);
    const input = await validatePortalUpsert(code, ctx.request.body, current, outboundPolicy(strapi.config.get('plugin::syndication') as SyndicationConfig));
    const { portal: saved, created, generatedSecret } = await service.upsert(code, input);
    getService('portalHealth', strapi).reset(code);
    await getService('audit', strapi).portalChange(code, current, saved, { secretGiven: Boolean(input.secret) });
    ctx.status = created ? 201 : 200;
    // A secret the hub generated is shown this once; it is never readable again.
    ctx.body = { data: { ...service.toApi(saved), ...(generatedSecret ? { secret: generatedSecret } : {}) } };
  },

  /** New signing secret, shown once; the old one keeps signing during the overlap window. */
  async rotateSecret(ctx: RequestContext) {
    const code = String(ctx.params.code);
    assertInScope(await portalScope(ctx, PERMISSIONS.portalsManage, strapi), code);
    const input = await validateSecretRotation(ctx.request.body);
    const rotated = await getService('secrets', strapi).rotate(code, input);
    await getService('audit', strapi).record({
      action: 'portal.secret.rotate',
      target: { type: 'portal', id: code },
      details: { given: Boolean(input.secret), previousSecretValidUntil: rotated.previousSecretValidUntil },
    });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: { code, ...rotated } };
  },

  async retryFailed(ctx: RequestContext) {
    assertInScope(await portalScope(ctx, PERMISSIONS.deliveriesRetry, strapi), ctx.params.code);
    const count = await getService('delivery', strapi).retryFailedForPortal(ctx.params.code);
    await getService('audit', strapi).record({ action: 'delivery.retry', target: { type: 'portal', id: ctx.params.code }, details: { retried: count } });
    ctx.body = { data: { retried: count } };
  },
});

export default portal;
