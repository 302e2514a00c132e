/**
 * The holiday plans the government announced for 2024–2026, as data (see
 * domain/working-days.ts for how they combine with the Labour Code's rules).
 *
 * Each plan lists only weekdays off and weekend working days: weekends inside a break
 * are ordinary days off already. Each line names its source. Administrators add later
 * years (or correct a line) through the calendar API; their entries win over these.
 *
 * The days match the announcements as published in the press (and the pinned cases of
 * issue 8); the notice numbers were written from memory on a machine without internet
 * access: check them against the official text before quoting them in a signed report.
 */
import type { CalendarEntry, YearPlan } from './working-days';

const MOLISA_2024 =
  'Bộ LĐTBXH, thông báo lịch nghỉ Tết Âm lịch, 30/4–1/5 và Quốc khánh năm 2024 đối với cán bộ, công chức, viên chức (Thủ tướng đồng ý, 12/2023) / MOLISA notice of the 2024 holiday plan for civil servants';
const MOLISA_2025 =
  'Bộ LĐTBXH, Thông báo 6150/TB-LĐTBXH ngày 14/11/2024 (nghỉ Tết Ất Tỵ và 30/4–1/5 năm 2025) / MOLISA notice 6150/TB-LĐTBXH of 14 Nov 2024';
const NATIONAL_DAY_2025 =
  'Thông báo lịch nghỉ Quốc khánh 2/9/2025: nghỉ thứ Hai 1/9 và thứ Ba 2/9 (ngày liền kề 1/9) / 2025 National Day plan: Mon 1 and Tue 2 Sep';
const MOHA_2026 =
  'Bộ Nội vụ, thông báo lịch nghỉ Tết Bính Ngọ 2026: từ thứ Bảy 14/2 đến hết Chủ nhật 22/2/2026 (Thủ tướng đồng ý) / Ministry of Home Affairs notice of the 2026 Tết break, Sat 14 – Sun 22 Feb 2026';
const HUNG_2026 =
  'Bộ luật Lao động 2019, Điều 112.3: Giỗ Tổ Hùng Vương 2026 (10/3 âm lịch) là Chủ nhật 26/4, nghỉ bù thứ Hai 27/4 / Hùng Kings day 2026 is Sun 26 Apr: Mon 27 Apr off';

const off = (date: string, name: string, source: string): CalendarEntry => ({ date, type: 'holiday', name, source });
const worked = (date: string, name: string, source: string): CalendarEntry => ({ date, type: 'workday', name, source });

export const HOLIDAY_PLANS: YearPlan[] = [
  {
    year: 2024,
    replaces: ['tet', 'reunification', 'labour-day', 'national-day'],
    nationalDayAdjacent: '09-03',
    entries: [
      // Tết Giáp Thìn: Lunar New Year's Day Sat 10 Feb; off Thu 8 – Wed 14 Feb (5 Tết days, two of them on the weekend, compensated Tue 13 and Wed 14).
      off('2024-02-08', 'Tết Nguyên đán Giáp Thìn (29 tháng Chạp)', MOLISA_2024),
      off('2024-02-09', 'Tết Nguyên đán Giáp Thìn (30 Tết)', MOLISA_2024),
      off('2024-02-10', 'Tết Nguyên đán Giáp Thìn (mùng 1)', MOLISA_2024),
      off('2024-02-11', 'Tết Nguyên đán Giáp Thìn (mùng 2)', MOLISA_2024),
      off('2024-02-12', 'Tết Nguyên đán Giáp Thìn (mùng 3)', MOLISA_2024),
      off('2024-02-13', 'Nghỉ bù Tết Nguyên đán (mùng 1 là thứ Bảy)', MOLISA_2024),
      off('2024-02-14', 'Nghỉ bù Tết Nguyên đán (mùng 2 là Chủ nhật)', MOLISA_2024),
      // 30/4–1/5: off Sat 27 Apr – Wed 1 May; Mon 29 Apr swapped with Sat 4 May.
      off('2024-04-29', 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 4/5)', MOLISA_2024),
      off('2024-04-30', 'Ngày Chiến thắng (30/4)', MOLISA_2024),
      off('2024-05-01', 'Ngày Quốc tế Lao động (1/5)', MOLISA_2024),
      worked('2024-05-04', 'Làm bù cho thứ Hai 29/4', MOLISA_2024),
      // National Day: off Sat 31 Aug – Tue 3 Sep (adjacent day 3/9).
      off('2024-09-02', 'Quốc khánh (2/9)', MOLISA_2024),
      off('2024-09-03', 'Quốc khánh (ngày liền kề 3/9)', MOLISA_2024),
    ],
  },
  {
    year: 2025,
    replaces: ['tet', 'reunification', 'labour-day', 'national-day'],
    nationalDayAdjacent: '09-01',
    entries: [
      // Tết Ất Tỵ: Lunar New Year's Day Wed 29 Jan; off Sat 25 Jan – Sun 2 Feb; Mon 27 Jan swapped with Sat 8 Feb.
      off('2025-01-27', 'Nghỉ hoán đổi dịp Tết Nguyên đán (làm bù thứ Bảy 8/2)', MOLISA_2025),
      off('2025-01-28', 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)', MOLISA_2025),
      off('2025-01-29', 'Tết Nguyên đán Ất Tỵ (mùng 1)', MOLISA_2025),
      off('2025-01-30', 'Tết Nguyên đán Ất Tỵ (mùng 2)', MOLISA_2025),
      off('2025-01-31', 'Tết Nguyên đán Ất Tỵ (mùng 3)', MOLISA_2025),
      worked('2025-02-08', 'Làm bù cho thứ Hai 27/1', MOLISA_2025),
      // 30/4–1/5: off Wed 30 Apr – Sun 4 May; Fri 2 May swapped with Sat 26 Apr.
      worked('2025-04-26', 'Làm bù cho thứ Sáu 2/5', MOLISA_2025),
      off('2025-04-30', 'Ngày Chiến thắng (30/4)', MOLISA_2025),
      off('2025-05-01', 'Ngày Quốc tế Lao động (1/5)', MOLISA_2025),
      off('2025-05-02', 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4)', MOLISA_2025),
      // National Day: Mon 1 and Tue 2 Sep.
      off('2025-09-01', 'Quốc khánh (ngày liền kề 1/9)', NATIONAL_DAY_2025),
      off('2025-09-02', 'Quốc khánh (2/9)', NATIONAL_DAY_2025),
    ],
  },
  {
    year: 2026,
    replaces: ['tet', 'hung-kings'],
    entries: [
      // Tết Bính Ngọ: Lunar New Year's Day Tue 17 Feb; off Sat 14 – Sun 22 Feb (5 Tết days Mon 16 – Fri 20).
      off('2026-02-16', 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)', MOHA_2026),
      off('2026-02-17', 'Tết Nguyên đán Bính Ngọ (mùng 1)', MOHA_2026),
      off('2026-02-18', 'Tết Nguyên đán Bính Ngọ (mùng 2)', MOHA_2026),
      off('2026-02-19', 'Tết Nguyên đán Bính Ngọ (mùng 3)', MOHA_2026),
      off('2026-02-20', 'Tết Nguyên đán Bính Ngọ (mùng 4)', MOHA_2026),
      off('2026-04-26', 'Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật)', HUNG_2026),
      off('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương', HUNG_2026),
    ],
  },
];
