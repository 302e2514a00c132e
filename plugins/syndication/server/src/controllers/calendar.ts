import type { Core } from '@strapi/strapi';
import { getService } from '../utils';
import { assertIsoDate, validateCalendarPut, validateCalendarQuery } from './validation/compliance';

const calendar = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx) {
    const { year } = await validateCalendarQuery(ctx.query);
    ctx.body = { data: await getService('calendar', strapi).year(Number(year)), meta: { year: Number(year), timeZone: 'Asia/Ho_Chi_Minh' } };
  },

  async put(ctx) {
    const date = assertIsoDate(ctx.params.date);
    const input = await validateCalendarPut(ctx.request.body);
    ctx.body = { data: await getService('calendar', strapi).put(date, input) };
  },

  async remove(ctx) {
    const date = assertIsoDate(ctx.params.date);
    await getService('calendar', strapi).remove(date);
    ctx.status = 204;
  },
});

export default calendar;
