import type { RequestContext } from '../utils/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import { validateArt15Query, validateCoverageQuery, validateScoringQuery } from './validation/compliance';

const report = ({ strapi }: { strapi: Core.Strapi }) => ({
  async coverage(ctx: RequestContext) {
    const q = await validateCoverageQuery(ctx.query);
    const data = await getService('coverage', strapi).list(q);
    ctx.body = { data, meta: { total: data.length } };
  },

  async art15(ctx: RequestContext) {
    const q = await validateArt15Query(ctx.query);
    const service = getService('report', strapi);
    const result = await service.art15(q);
    const file = `bao-cao-dieu-15-${q.from}-${q.to}${q.portal ? `-${q.portal}` : ''}`;
    if (q.format === 'csv') {
      ctx.type = 'text/csv; charset=utf-8';
      ctx.attachment(`${file}.csv`);
      ctx.body = service.toCsv(result);
    } else if (q.format === 'xlsx') {
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      ctx.attachment(`${file}.xlsx`);
      ctx.body = await service.toXlsx(result);
    } else {
      ctx.body = result;
    }
  },

  async scoring(ctx: RequestContext) {
    const { month } = await validateScoringQuery(ctx.query);
    ctx.body = { data: await getService('scoring', strapi).month(month) };
  },
});

export default report;
