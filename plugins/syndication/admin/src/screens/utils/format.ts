/**
 * Dates as Vietnamese editors read them: dd/MM/yyyy HH:mm, Asia/Ho_Chi_Minh,
 * whatever the browser's own time zone.
 */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const parts = (value: string | number | Date) => {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(new Date(value))) out[p.type] = p.value;
  return out;
};

/** 23/11/2026 */
export function formatDate(value: string | number | Date | null | undefined): string {
  if (value == null || value === '') return '—';
  const p = parts(value);
  return `${p.day}/${p.month}/${p.year}`;
}

/** 23/11/2026 14:05 */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value == null || value === '') return '—';
  const p = parts(value);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** 14:05:09 */
export function formatTime(value: string | number | Date): string {
  const p = parts(value);
  return `${p.hour}:${p.minute}:${p.second}`;
}
