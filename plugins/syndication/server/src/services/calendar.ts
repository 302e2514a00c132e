/**
 * Vietnam's working-day calendar for Decision 96 deadlines. Public holidays come from
 * date-holidays (it computes the lunar dates: Tết, Hùng Kings); the statutory extra days
 * it does not list (Tết days 2–3, the day beside 2/9) are added here. Swapped days
 * the government announces each year are administrator data (a later issue).
 */
import Holidays from 'date-holidays';
import type { Core } from '@strapi/strapi';
import { addWorkingDays, type WorkingCalendar } from '../domain/working-days';

const shift = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export function vietnamHolidays(year: number): string[] {
  const hd = new Holidays('VN');
  const days = new Set<string>();
  for (const h of hd.getHolidays(year)) {
    if (h.type !== 'public') continue;
    const iso = h.date.slice(0, 10);
    days.add(iso);
    if (/Tết Nguyên Đán/.test(h.name) && !/Giao thừa/.test(h.name)) {
      days.add(shift(iso, 1));
      days.add(shift(iso, 2));
    }
    if (/Quốc khánh/.test(h.name)) days.add(shift(iso, -1)); // Labour Code 2019, Art. 112: 2/9 and one adjacent day
  }
  return [...days].sort();
}

const calendar = (_: { strapi: Core.Strapi }) => {
  const years = new Map<number, string[]>();
  const cal: WorkingCalendar = { holidays: new Set(), workingWeekends: new Set() };
  const ensure = (year: number) => {
    for (const y of [year, year + 1]) {
      if (years.has(y)) continue;
      const days = vietnamHolidays(y);
      years.set(y, days);
      days.forEach((d) => cal.holidays.add(d));
    }
  };
  return {
    /** End of the deadline: `days` working days after `start` (Vietnam time). */
    deadline(start: Date, days: number): Date {
      ensure(start.getUTCFullYear());
      return addWorkingDays(start, days, cal);
    },
  };
};

export type CalendarService = typeof calendar;
export default calendar;
