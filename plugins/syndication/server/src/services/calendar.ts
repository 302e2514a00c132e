/**
 * Vietnam's working-day calendar as a service: the pure calendar of
 * domain/working-days.ts (Labour Code rules + announced plans of domain/holiday-plans.ts)
 * plus administrators' entries from the calendar-day table. The built calendar is
 * cached and rebuilt when the table's signature changes, so an edit made in any
 * process applies to the next deadline computed in every process.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ERRORS, UID } from '../constants';
import { HOLIDAY_PLANS } from '../domain/holiday-plans';
import { WorkingCalendar, startOfVietnamDay, type CalendarEntry, type DayType } from '../domain/working-days';
import { getService } from '../utils';
import { tableSignature } from '../utils/table-signature';

export const ADMIN_SOURCE = 'Quản trị viên / Administrator';

const calendar = ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: { sig: string; cal: WorkingCalendar } | null = null;
  const query = () => strapi.db.query(UID.calendarDay);

  return {
    /** The calendar as of now (administrators' latest entries included). */
    async current(): Promise<WorkingCalendar> {
      const sig = await tableSignature(strapi, UID.calendarDay);
      if (!cached || cached.sig !== sig) {
        const rows: { date: string; type: DayType; name: string; source: string | null }[] = await query().findMany({ orderBy: { date: 'asc' } });
        const overrides: CalendarEntry[] = rows.map((r) => ({ date: r.date, type: r.type, name: r.name, source: r.source || ADMIN_SOURCE, admin: true }));
        cached = { sig, cal: new WorkingCalendar(HOLIDAY_PLANS, overrides) };
      }
      return cached.cal;
    },

    /** End of the deadline: `days` working days after `start` (Vietnam time). */
    async deadline(start: Date, days: number): Promise<Date> {
      return (await this.current()).addWorkingDays(start, days);
    },

    /** The non-ordinary days of a year: days off (weekends included when they are holidays) and weekend working days. */
    async year(year: number): Promise<CalendarEntry[]> {
      return (await this.current()).entries(year);
    },

    /** Adds or replaces an administrator's entry, then moves the open deadlines it affects. */
    async put(date: string, input: { type: DayType; name: string; source?: string | null }): Promise<CalendarEntry> {
      const existing = await query().findOne({ where: { date } });
      const data = { date, type: input.type, name: input.name, source: input.source || ADMIN_SOURCE };
      const entry: CalendarEntry = { ...data, admin: true };
      if (existing) await query().update({ where: { id: existing.id }, data: { ...data, updatedAt: new Date() } });
      else await strapi.documents(UID.calendarDay).create({ data });
      await this.afterEdit(date);
      return entry;
    },

    async remove(date: string): Promise<void> {
      const existing = await query().findOne({ where: { date } });
      if (!existing) throw new errors.NotFoundError(ERRORS.calendarDayNotFound(date));
      await query().delete({ where: { id: existing.id } });
      await this.afterEdit(date);
    },

    /** A day changed status: only deadlines at or after it can move. */
    async afterEdit(date: string): Promise<void> {
      cached = null;
      await getService('deadline', strapi).recompute({ deadlineFrom: startOfVietnamDay(date) });
    },
  };
};

export type CalendarService = typeof calendar;
export default calendar;
