/** Decision 96 rules as data: titles, deadlines per tier, required fields; retries until the deadline. */
import { DECISION_96_CATEGORIES, PLAN_65_COMMUNE_PRESET, computeDeadline, missingFields } from '../../plugins/syndication/server/src/domain/decision-96';
import { HOLIDAY_PLANS } from '../../plugins/syndication/server/src/domain/holiday-plans';
import { nextAttemptDelay } from '../../plugins/syndication/server/src/domain/retry-policy';
import { WorkingCalendar, vietnamDate } from '../../plugins/syndication/server/src/domain/working-days';
import { onTime } from '../../plugins/syndication/server/src/services/deadline';

const rule = (code: string) => DECISION_96_CATEGORIES.find((c) => c.code === code)!;
const cal = new WorkingCalendar(HOLIDAY_PLANS);

describe('Decision 96 categories', () => {
  it('uses the decision\'s titles', () => {
    expect(rule('8.1.e').name).toBe('Hệ thống văn bản quy phạm pháp luật và văn bản hành chính');
    expect(rule('8.1.l').name).toBe('Thông tin giao dịch của Cổng TTĐT');
    expect(rule('8.2.đ').name).toBe('Chuyên mục khảo sát trực tuyến');
  });
  it('8.1.e: 2 working days for the issuer, 8 for the agencies it governs, recipients chosen at publish', () => {
    expect(rule('8.1.e').deadlines.commune).toEqual({ unit: 'working', days: 2 });
    expect(rule('8.1.e').governedDeadline).toEqual({ unit: 'working', days: 8 });
    expect(rule('8.1.e').recipients).toBe('issuer-and-governed');
    expect(rule('8.1.c').recipients).toBe('all');
  });
  it('8.2.d counts plain days, 8.2.a is same-day, 8.1.m/8.1.n/8.2.đ have no deadline', () => {
    const start = new Date('2026-02-13T09:00:00+07:00');
    expect(vietnamDate(computeDeadline(start, rule('8.2.d').deadlines.province, cal)!)).toBe('2026-02-15');
    expect(vietnamDate(computeDeadline(start, rule('8.2.a').deadlines.province, cal)!)).toBe('2026-02-13');
    for (const c of ['8.1.m', '8.1.n']) expect(computeDeadline(start, rule(c).deadlines.commune, cal)).toBeNull();
    expect(computeDeadline(start, rule('8.2.đ').deadlines.province, cal)).toBeNull();
  });
  it('lists what each category requires', () => {
    expect(missingFields({ kind: 'direction' }, rule('8.1.c').requiredFields)).toEqual(['issuedAt']);
    const doc = { documentForm: 'Quyết định', issuer: 'UBND tỉnh', documentNumber: '12/QĐ-UBND', issuedAt: 'x', effectiveAt: 'y', summary: 'z', documentUrl: 'https://x/y.pdf' };
    expect(missingFields(doc, rule('8.1.e').requiredFields)).toEqual([]);
    expect(missingFields({ ...doc, documentNumber: ' ' }, rule('8.1.e').requiredFields)).toEqual(['documentNumber']);
    expect(missingFields({ ...doc, documentUrl: null, attachments: [{ id: 1 }] }, rule('8.1.e').requiredFields)).toEqual([]);
    expect(missingFields({ ...doc, documentUrl: null }, rule('8.1.e').requiredFields)).toEqual(['documentUrl']);
    expect(missingFields({ project: { name: 'Đường' } }, rule('8.1.g').requiredFields)).toHaveLength(8);
    expect(missingFields({ body: 'x' }, rule('8.1.h').requiredFields)).toEqual(['commentDeadline', 'contact']);
  });
  it('the Plan 65 commune preset: 3 working days for 1.1–1.3 and 4, 5 for 7.1, 7.2 and 8', () => {
    expect(PLAN_65_COMMUNE_PRESET['8.1.a']).toEqual({ unit: 'working', days: 3 });
    expect(PLAN_65_COMMUNE_PRESET['8.1.e']).toEqual({ unit: 'working', days: 3 });
    expect(PLAN_65_COMMUNE_PRESET['8.1.g']).toEqual({ unit: 'working', days: 5 });
  });
});

describe('retries and deadlines', () => {
  const now = Date.parse('2026-02-13T09:00:00+07:00');
  it('keeps retrying past the schedule while the deadline is ahead (Tết: 11 calendar days)', () => {
    const deadlineAt = cal.addWorkingDays(new Date(now), 2);
    expect(nextAttemptDelay({ attempts: 3, schedule: [1, 60], deadlineAt, now, random: () => 0.5 })).toBe(60000);
    expect(nextAttemptDelay({ attempts: 3, schedule: [1, 60], deadlineAt, now: deadlineAt.getTime() + 1 })).toBeNull();
    expect(nextAttemptDelay({ attempts: 3, schedule: [1, 60], deadlineAt: null, now })).toBeNull();
  });
  it('on time = live by the deadline; late once past it; null while open and not due', () => {
    const deadline_at = '2026-02-24T16:59:59.999Z';
    expect(onTime({ deadline_at, portal_published_at: '2026-02-24T10:00:00Z', status: 'delivered' })).toBe(true);
    expect(onTime({ deadline_at, portal_published_at: '2026-02-25T10:00:00Z', status: 'published' })).toBe(false);
    expect(onTime({ deadline_at, portal_published_at: null, status: 'retrying' }, Date.parse('2026-02-20T00:00:00Z'))).toBeNull();
    expect(onTime({ deadline_at, portal_published_at: null, status: 'awaiting_review' }, Date.parse('2026-02-25T00:00:00Z'))).toBe(false);
  });
});
