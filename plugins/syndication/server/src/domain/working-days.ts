/**
 * Working-day arithmetic for Decision 96 deadlines: Monday to Friday, minus the
 * public holidays of the year, plus the swapped working days the government announces.
 * The holiday calendar is injected (see services/calendar.ts) so this stays pure.
 */

export interface WorkingCalendar {
  /** ISO dates (YYYY-MM-DD, Vietnam time) that are days off although weekdays. */
  holidays: Set<string>;
  /** ISO dates that are working days although weekends (compensatory working days). */
  workingWeekends: Set<string>;
}

export const VIETNAM_UTC_OFFSET_MS = 7 * 3600 * 1000;

/** The calendar date in Vietnam (UTC+7, no daylight saving) of an instant. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(isoDate: string, cal: WorkingCalendar): boolean {
  if (cal.workingWeekends.has(isoDate)) return true;
  if (cal.holidays.has(isoDate)) return false;
  const day = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/**
 * End of the Nth working day after the day of `start` (Vietnam time), as an instant.
 * "Within 2 working days of issuance" on a Friday ends at the end of Tuesday.
 * 0 days means the end of the same day.
 */
export function addWorkingDays(start: Date, days: number, cal: WorkingCalendar): Date {
  let cursor = vietnamDate(start);
  let remaining = days;
  while (remaining > 0) {
    cursor = nextIsoDate(cursor);
    if (isWorkingDay(cursor, cal)) remaining -= 1;
  }
  // 23:59:59.999 Vietnam time on that date
  return new Date(Date.parse(`${cursor}T23:59:59.999Z`) - VIETNAM_UTC_OFFSET_MS);
}

function nextIsoDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
