/**
 * The admin screens' API (Overview, Failures, Portals, the Content Manager side panel).
 * Routes carry `admin::hasPermissions`; every list and action here is also limited to
 * the caller's portals when their permission holds the own-portal condition.
 */
import type { RequestContext } from '../utils/context';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { SyndicationConfig } from '../config';
import { ERRORS, PERMISSIONS } from '../constants';
import { outboundPolicy } from '../infra/outbound-guard';
import { getService } from '../utils';
import { throwFieldErrors } from '../utils/errors';
import { assertInScope, portalScope } from '../utils/scope';
import { validatePortalUpsert } from './validation/portal';
import { validateFailuresQuery, validateIdList, validateMatrixQuery, validateOverviewQuery, validatePauseBody } from './validation/operations';

/** Fields the Portals screen edits; the secret only changes by rotation, the code and tier never. */
const EDITABLE = ['endpoint', 'publishMode', 'editors', 'sectionMap', 'contactEmail', 'name'];

const deliveryIdParam = (raw: string) => {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new errors.NotFoundError(ERRORS.deliveryNotFound(raw));
  return id;
};

const operations = ({ strapi }: { strapi: Core.Strapi }) => {
  const ops = () => getService('operations', strapi);
  const { deliveriesRead, deliveriesRetry, portalsManage } = PERMISSIONS;
  const manageable = async (ctx: RequestContext) => {
    const code = String(ctx.params.code).normalize('NFC');
    assertInScope(await portalScope(ctx, portalsManage, strapi), code);
    return code;
  };

  return {
    async overview(ctx: RequestContext) {
      const q = await validateOverviewQuery(ctx.query);
      ctx.body = { data: await ops().overview({ limit: q.items }, await portalScope(ctx, deliveriesRead, strapi)) };
    },

    async matrix(ctx: RequestContext) {
      const q = await validateMatrixQuery(ctx.query);
      ctx.body = { data: await ops().matrix(q, await portalScope(ctx, deliveriesRead, strapi)) };
    },

    async atRisk(ctx: RequestContext) {
      ctx.body = { data: await ops().atRisk(await portalScope(ctx, deliveriesRead, strapi)) };
    },

    async itemProgress(ctx: RequestContext) {
      ctx.body = { data: await ops().itemProgress(String(ctx.params.documentId), await portalScope(ctx, deliveriesRead, strapi)) };
    },

    async failures(ctx: RequestContext) {
      const q = await validateFailuresQuery(ctx.query);
      ctx.body = await ops().failures(q, await portalScope(ctx, deliveriesRead, strapi));
    },

    async details(ctx: RequestContext) {
      const id = deliveryIdParam(ctx.params.id);
      const [row] = await ops().byIds([id]);
      if (!row) throw new errors.NotFoundError(ERRORS.deliveryNotFound(id));
      assertInScope(await portalScope(ctx, deliveriesRead, strapi), row.portalCode);
      ctx.body = { data: await ops().details(id) };
    },

    async retrySelected(ctx: RequestContext) {
      const { ids } = await validateIdList(ctx.request.body);
      const scope = await portalScope(ctx, deliveriesRetry, strapi);
      for (const r of await ops().byIds(ids)) assertInScope(scope, r.portalCode);
      const data = await ops().retrySelected(ids);
      await getService('audit', strapi).record({ action: 'delivery.retry', target: { type: 'deliveries', id: ids.join(',') }, details: { ids, result: data } });
      ctx.body = { data };
    },

    async pause(ctx: RequestContext) {
      const code = await manageable(ctx);
      const { reason } = await validatePauseBody(ctx.request.body);
      // Audited by the portal service's pause (the same entry as a 410 Gone's).
      ctx.body = { data: await ops().pause(code, reason.normalize('NFC')) };
    },

    async resume(ctx: RequestContext) {
      const code = await manageable(ctx);
      const before = await getService('portal', strapi).getByCode(code);
      const data = await ops().resume(code);
      await getService('audit', strapi).portalChange(code, before, await getService('portal', strapi).getByCode(code));
      ctx.body = { data };
    },

    async test(ctx: RequestContext) {
      const code = await manageable(ctx);
      ctx.body = { data: await ops().sendTest(code) };
    },

    /** Edits an existing portal from the Portals screen (the same validation as PUT /api/syndication/portals/:code). */
    async updatePortal(ctx: RequestContext) {
      const code = await manageable(ctx);
      const service = getService('portal', strapi);
      const current = await service.getByCode(code);
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      const notEditable = Object.keys(body).filter((k) => !EDITABLE.includes(k));
      if (notEditable.length) {
        throwFieldErrors(notEditable.map((k) => ({ path: [k], message: `Không sửa được trường này ở đây / This field cannot be edited here (${EDITABLE.join(', ')})` })));
      }
      const input = await validatePortalUpsert(code, body, current, outboundPolicy(strapi.config.get('plugin::syndication') as SyndicationConfig));
      const { portal } = await service.upsert(code, input);
      getService('portalHealth', strapi).reset(code);
      await getService('audit', strapi).portalChange(code, current, portal, { secretGiven: Boolean(input.secret) });
      ctx.body = { data: service.toApi(portal) };
    },
  };
};

export default operations;
