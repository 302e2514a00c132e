/** The working-day calendar on real dates (Labour Code Art. 112, the announced plans 2024–2026). */
import { WorkingCalendar, isIsoDate, statutoryHolidays, vietnamDate, yearCalendar } from '../../plugins/syndication/server/src/domain/working-days';
import { HOLIDAY_PLANS } from '../../plugins/syndication/server/src/domain/holiday-plans';

const cal = new WorkingCalendar(HOLIDAY_PLANS);
/** +N working days from 09:00 Vietnam time on `date`, as the Vietnam date of the deadline. */
const due = (date: string, days: number, c = cal) => vietnamDate(c.addWorkingDays(new Date(`${date}T09:00:00+07:00`), days));

describe('deadlines pinned on announced plans', () => {
  it.each([
    ['2026-02-13', '2026-02-24', 'Fri before Tết 2026 (off Sat 14 – Sun 22 Feb)'],
    ['2026-02-12', '2026-02-23', 'Thu before Tết 2026'],
    ['2025-04-29', '2025-05-06', '30/4–1/5 2025 with Fri 2 May off'],
    ['2026-04-24', '2026-04-29', 'Hùng Kings 2026 on Sun 26 Apr, Mon 27 Apr compensatory'],
    ['2025-08-29', '2025-09-04', 'National Day 2025: Mon 1 and Tue 2 Sep'],
    ['2024-08-30', '2024-09-05', 'National Day 2024: off Sat 31 Aug – Tue 3 Sep'],
  ])('%s + 2 working days → %s (%s)', (from, to) => expect(due(from, 2)).toBe(to));

  it('Tết 2026 is 5 weekdays off, Fri 20 Feb included, and Mon 23 Feb is a working day', () => {
    for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']) expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.isWorkingDay('2026-02-13')).toBe(true);
    expect(cal.isWorkingDay('2026-02-23')).toBe(true);
  });

  it('Sat 26 Apr 2025 and Sat 8 Feb 2025 were worked (swapped days)', () => {
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
    expect(cal.isWorkingDay('2025-02-08')).toBe(true);
    expect(due('2025-04-25', 1)).toBe('2025-04-26');
  });

  it('Tết 2025: off Sat 25 Jan – Sun 2 Feb', () => {
    expect(due('2025-01-24', 1)).toBe('2025-02-03');
  });

  it('Tết 2024 on a weekend (Lunar New Year Sat 10 Feb): off Thu 8 – Wed 14 Feb', () => {
    expect(due('2024-02-07', 1)).toBe('2024-02-15');
    expect(cal.isWorkingDay('2024-02-13')).toBe(false);
    expect(cal.isWorkingDay('2024-02-14')).toBe(false);
  });

  it('30/4–1/5 2024: Mon 29 Apr off, Sat 4 May worked', () => {
    expect(due('2024-04-26', 1)).toBe('2024-05-02');
    expect(due('2024-05-03', 1)).toBe('2024-05-04');
  });
});

describe('rules for a year without an announced plan (2027)', () => {
  const bare = new WorkingCalendar([]);
  it('Tết is 5 days: the eve and days 1–4', () => {
    const tet = statutoryHolidays(2027).filter((h) => h.group === 'tet').map((h) => h.date);
    expect(tet).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']);
  });
  it('Tết days on Sat 6 and Sun 7 Feb 2027 give compensatory days Wed 10 and Thu 11 (Art. 112.3)', () => {
    const days = yearCalendar(2027).filter((e) => e.name.startsWith('Nghỉ bù')).map((e) => e.date);
    expect(days).toEqual(expect.arrayContaining(['2027-02-10', '2027-02-11']));
    expect(due('2027-02-04', 2, bare)).toBe('2027-02-15');
  });
  it('1/5/2027 on a Saturday gives Mon 3 May off', () => {
    expect(bare.isWorkingDay('2027-05-03')).toBe(false);
    expect(due('2027-04-29', 1, bare)).toBe('2027-05-04');
  });
  it('National Day: 2/9 and 1/9 by default, 3/9 when the year chooses it', () => {
    expect(bare.isWorkingDay('2027-09-01')).toBe(false);
    expect(bare.isWorkingDay('2027-09-03')).toBe(true);
    const other = new WorkingCalendar([{ year: 2027, replaces: [], nationalDayAdjacent: '09-03', entries: [] }]);
    expect(other.isWorkingDay('2027-09-01')).toBe(true);
    expect(other.isWorkingDay('2027-09-03')).toBe(false);
  });
});

describe('administrator entries', () => {
  it('an added day off moves a deadline; a weekday holiday turned into a working day shortens it', () => {
    const c = new WorkingCalendar(HOLIDAY_PLANS, [{ date: '2026-11-23', type: 'holiday', name: 'Nghỉ đột xuất', source: 'admin' }]);
    expect(due('2026-11-20', 2)).toBe('2026-11-24');
    expect(due('2026-11-20', 2, c)).toBe('2026-11-25');
    const w = new WorkingCalendar(HOLIDAY_PLANS, [{ date: '2026-02-20', type: 'workday', name: 'Làm việc', source: 'admin' }]);
    expect(due('2026-02-19', 1, w)).toBe('2026-02-20');
  });
  it('lists the non-ordinary days of a year, each with a source', () => {
    const y = cal.entries(2026);
    expect(y.map((e) => e.date)).toEqual(expect.arrayContaining(['2026-01-01', '2026-02-20', '2026-04-27', '2026-09-01', '2026-09-02']));
    expect(y.every((e) => e.source.length > 0 && e.name.length > 0)).toBe(true);
  });
  it('plain days and same-day deadlines', () => {
    expect(vietnamDate(cal.addPlainDays(new Date('2026-02-13T09:00:00+07:00'), 2))).toBe('2026-02-15');
    expect(cal.addWorkingDays(new Date('2026-02-13T09:00:00+07:00'), 0).toISOString()).toBe('2026-02-13T16:59:59.999Z');
  });
  it('validates ISO dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });
});
