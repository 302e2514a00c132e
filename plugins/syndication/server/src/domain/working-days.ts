/**
 * Vietnam's working-day calendar for Decision 96 deadlines, as one pure module.
 *
 * A day is a working day when it is Monday–Friday and not a day off, or when it is a
 * weekend day announced as a working day (a swap). Days off come, in increasing order of
 * precedence, from:
 *  1. the Labour Code 2019, Art. 112, with lunar dates computed by `date-holidays`:
 *     1/1; Tết = 5 days (default: Lunar New Year's Eve and days 1–4); Hùng Kings 10/3
 *     lunar; 30/4; 1/5; 2/9 plus one adjacent day (1/9 unless the year's plan says 3/9);
 *     and, per Art. 112.3, a compensatory day off on the next working day for every
 *     holiday that falls on a Saturday or Sunday;
 *  2. the plan the government announces for a year (domain/holiday-plans.ts): for each
 *     holiday it covers, the announced days replace what rule 1 generated;
 *  3. administrators' entries (a day off or a working day on a given date), which win.
 * All dates are calendar dates in Vietnam (Asia/Ho_Chi_Minh, UTC+7, no daylight saving).
 */
import Holidays from 'date-holidays';
import type { CalendarDayType } from '../constants';

export type DayType = CalendarDayType;

/** Holidays of the Labour Code, Art. 112.1, as groups an announced plan can replace. */
export type HolidayGroup = 'new-year' | 'tet' | 'hung-kings' | 'reunification' | 'labour-day' | 'national-day';

export interface CalendarEntry {
  /** YYYY-MM-DD in Vietnam. */
  date: string;
  type: DayType;
  name: string;
  /** Where the line comes from: the law, an announced plan, or an administrator. */
  source: string;
  /** An administrator's entry (editable over the API). */
  admin?: boolean;
}

/** One year's announced plan. */
export interface YearPlan {
  year: number;
  /** Holiday groups whose generated days this plan replaces (its `entries` are the announced days). */
  replaces: HolidayGroup[];
  /** The day beside 2/9 chosen this year (Labour Code Art. 112.1.đ); default 1/9. */
  nationalDayAdjacent?: '09-01' | '09-03';
  entries: CalendarEntry[];
}

export const VIETNAM_UTC_OFFSET_MS = 7 * 3600 * 1000;
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const LAW = 'Bộ luật Lao động 2019, Điều 112 / Labour Code 2019, Art. 112';
const LAW_COMP = 'Bộ luật Lao động 2019, Điều 112.3 (nghỉ bù) / Labour Code 2019, Art. 112.3 (compensatory day)';

/** The calendar date in Vietnam (UTC+7, no daylight saving) of an instant. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Vietnam time of a calendar date, as an instant. */
export function startOfVietnamDay(iso: string): Date {
  return new Date(Date.parse(`${iso}T00:00:00.000Z`) - VIETNAM_UTC_OFFSET_MS);
}

/** 23:59:59.999 Vietnam time of a calendar date, as an instant. */
export function endOfVietnamDay(iso: string): Date {
  return new Date(Date.parse(`${iso}T23:59:59.999Z`) - VIETNAM_UTC_OFFSET_MS);
}

export function shiftDate(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const isWeekend = (iso: string) => {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
};

export const isIsoDate = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

const lunarHolidays = new Holidays('VN');
const lunarCache = new Map<number, Array<{ date: string; name: string }>>();
/** date-holidays takes ~100 ms per year to compute lunar dates: once per year per process. */
function publicHolidaysOf(year: number) {
  let list = lunarCache.get(year);
  if (!list) {
    list = lunarHolidays.getHolidays(year).filter((h) => h.type === 'public').map((h) => ({ date: h.date.slice(0, 10), name: h.name }));
    lunarCache.set(year, list);
  }
  return list;
}

/** The statutory holidays of a year, by group, before compensation (Labour Code Art. 112.1). */
export function statutoryHolidays(year: number, nationalDayAdjacent: '09-01' | '09-03' = '09-01'): Array<{ date: string; group: HolidayGroup; name: string }> {
  const out: Array<{ date: string; group: HolidayGroup; name: string }> = [];
  const lib = publicHolidaysOf(year);
  const find = (re: RegExp) => lib.find((h) => re.test(h.name))?.date;
  out.push({ date: `${year}-01-01`, group: 'new-year', name: 'Tết Dương lịch' });
  const newYear = find(/^Tết Nguyên Đán$/);
  if (newYear) {
    // Five Tết days; the government picks them around Lunar New Year's Day. Default: the eve and days 1–4.
    out.push({ date: shiftDate(newYear, -1), group: 'tet', name: 'Tết Nguyên đán (30 Tết)' });
    for (let i = 0; i < 4; i += 1) out.push({ date: shiftDate(newYear, i), group: 'tet', name: `Tết Nguyên đán (mùng ${i + 1})` });
  }
  const hung = find(/Hùng Vương/);
  if (hung) out.push({ date: hung, group: 'hung-kings', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' });
  out.push({ date: `${year}-04-30`, group: 'reunification', name: 'Ngày Chiến thắng (30/4)' });
  out.push({ date: `${year}-05-01`, group: 'labour-day', name: 'Ngày Quốc tế Lao động (1/5)' });
  out.push({ date: `${year}-09-02`, group: 'national-day', name: 'Quốc khánh (2/9)' });
  out.push({ date: `${year}-${nationalDayAdjacent}`, group: 'national-day', name: `Quốc khánh (ngày liền kề ${nationalDayAdjacent.slice(3)}/9)` });
  return out;
}

/**
 * Every non-ordinary day of a year (days off, including those falling on a weekend, and
 * weekend working days), after plan and administrator entries. Sorted by date.
 */
export function yearCalendar(year: number, plans: YearPlan[] = [], overrides: CalendarEntry[] = []): CalendarEntry[] {
  const plan = plans.find((p) => p.year === year);
  const replaced = new Set(plan?.replaces ?? []);
  const days = new Map<string, CalendarEntry>();
  const statutory = statutoryHolidays(year, plan?.nationalDayAdjacent).filter((h) => !replaced.has(h.group));
  for (const h of statutory) days.set(h.date, { date: h.date, type: 'holiday', name: h.name, source: LAW });
  // Art. 112.3: a holiday on the weekly rest day gives a day off on the next working day.
  for (const h of [...statutory].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!isWeekend(h.date)) continue;
    let d = shiftDate(h.date, 1);
    while (isWeekend(d) || days.has(d)) d = shiftDate(d, 1);
    days.set(d, { date: d, type: 'holiday', name: `Nghỉ bù ${h.name}`, source: LAW_COMP });
  }
  for (const e of plan?.entries ?? []) days.set(e.date, { ...e });
  for (const e of overrides) if (e.date.startsWith(`${year}-`)) days.set(e.date, { ...e });
  return [...days.values()].filter((e) => e.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * A working calendar over any range of years, built lazily per year. Immutable once
 * built: a change of plans or overrides means a new instance (services/calendar.ts).
 */
export class WorkingCalendar {
  private readonly years = new Map<number, Map<string, CalendarEntry>>();
  /** "start day|N" → the Nth working day: a fan-out asks the same question for every portal of a tier. */
  private readonly workingDayAfter = new Map<string, string>();

  constructor(
    private readonly plans: YearPlan[] = [],
    private readonly overrides: CalendarEntry[] = []
  ) {}

  private year(y: number): Map<string, CalendarEntry> {
    let m = this.years.get(y);
    if (!m) {
      m = new Map(yearCalendar(y, this.plans, this.overrides).map((e) => [e.date, e]));
      // A compensatory day for a 31 Dec holiday on a weekend would fall in the next year: none exist today.
      this.years.set(y, m);
    }
    return m;
  }

  entries(year: number): CalendarEntry[] {
    return [...this.year(year).values()];
  }

  entry(iso: string): CalendarEntry | undefined {
    return this.year(Number(iso.slice(0, 4))).get(iso);
  }

  isWorkingDay(iso: string): boolean {
    const e = this.entry(iso);
    if (e) return e.type === 'workday';
    return !isWeekend(iso);
  }

  /**
   * End of the Nth working day after the day of `start` (Vietnam time).
   * "Within 2 working days of issuance" on a Friday ends at the end of Tuesday;
   * 0 means the end of the same day.
   */
  addWorkingDays(start: Date, days: number): Date {
    const from = vietnamDate(start);
    const key = `${from}|${days}`;
    let cursor = this.workingDayAfter.get(key);
    if (cursor === undefined) {
      cursor = from;
      let remaining = days;
      while (remaining > 0) {
        cursor = shiftDate(cursor, 1);
        if (this.isWorkingDay(cursor)) remaining -= 1;
      }
      if (this.workingDayAfter.size >= 10_000) this.workingDayAfter.clear();
      this.workingDayAfter.set(key, cursor);
    }
    return endOfVietnamDay(cursor);
  }

  /** End of the Nth calendar day after the day of `start` (Decision 96, Art. 8.2.d counts plain days). */
  addPlainDays(start: Date, days: number): Date {
    return endOfVietnamDay(shiftDate(vietnamDate(start), days));
  }
}
