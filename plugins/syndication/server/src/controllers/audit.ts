import type { RequestContext } from '../utils/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import { validateAuditQuery } from './validation/audit';

/** The audit log, read-only: list with filters, and the same filters as a CSV download. */
const audit = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const { page, pageSize, ...filters } = await validateAuditQuery(ctx.query);
    ctx.body = await getService('audit', strapi).list(filters, page, pageSize);
  },

  async exportCsv(ctx: RequestContext) {
    const { page: _p, pageSize: _s, ...filters } = await validateAuditQuery(ctx.query);
    const csv = await getService('audit', strapi).exportCsv(filters);
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.set('Content-Disposition', `attachment; filename="syndication-audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    ctx.body = `\uFEFF${csv}`; // BOM: spreadsheets then read Vietnamese as UTF-8
  },
});

export default audit;
