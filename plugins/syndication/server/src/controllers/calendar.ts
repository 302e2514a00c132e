import type { RequestContext } from '../utils/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import { assertIsoDate, validateCalendarPut, validateCalendarQuery } from './validation/compliance';

const calendar = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const { year } = await validateCalendarQuery(ctx.query);
    ctx.body = { data: await getService('calendar', strapi).year(Number(year)), meta: { year: Number(year), timeZone: 'Asia/Ho_Chi_Minh' } };
  },

  async put(ctx: RequestContext) {
    const date = assertIsoDate(ctx.params.date);
    const input = await validateCalendarPut(ctx.request.body);
    const before = (await getService('calendar', strapi).year(Number(date.slice(0, 4)))).find((e) => e.date === date) ?? null;
    const data = await getService('calendar', strapi).put(date, input);
    await getService('audit', strapi).record({ action: 'calendar.update', target: { type: 'calendar-day', id: date }, before, after: data });
    ctx.body = { data };
  },

  async remove(ctx: RequestContext) {
    const date = assertIsoDate(ctx.params.date);
    const before = (await getService('calendar', strapi).year(Number(date.slice(0, 4)))).find((e) => e.date === date) ?? null;
    await getService('calendar', strapi).remove(date);
    await getService('audit', strapi).record({ action: 'calendar.update', target: { type: 'calendar-day', id: date }, before, after: null });
    ctx.status = 204;
  },
});

export default calendar;
