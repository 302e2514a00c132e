/** Pure domain rules: no Strapi, no Redis, no network. */
import fs from 'node:fs';
import path from 'node:path';
import { classifyStatus, nextAttemptDelay, parseRetryAfter, parseRetrySchedule, DEFAULT_RETRY_SCHEDULE } from '../../plugins/syndication/server/src/domain/retry-policy';
import { WorkingCalendar, vietnamDate } from '../../plugins/syndication/server/src/domain/working-days';
import { HOLIDAY_PLANS } from '../../plugins/syndication/server/src/domain/holiday-plans';
import { normaliseTargets, selectTargets } from '../../plugins/syndication/server/src/domain/targets';
import slugify from 'slugify';
import { nfc, nfcDeep, vietnameseSlug } from '../../plugins/syndication/server/src/domain/text';
import { buildRegistry } from '../../plugins/syndication/server/src/domain/registry';
import { parseCsv } from '../../plugins/syndication/server/src/domain/csv';
import { contentHash, sanitiseBody } from '../../plugins/syndication/server/src/domain/payload';
import { isValidSigningSecret, newSigningSecret } from '../../plugins/syndication/server/src/domain/secrets';
import { DECISION_96_CATEGORIES } from '../../plugins/syndication/server/src/domain/decision-96';

describe('classifyStatus', () => {
  it.each([
    [200, 'success'], [201, 'success'], [204, 'success'],
    [null, 'retry'], [408, 'retry'], [425, 'retry'], [429, 'retry'], [500, 'retry'], [502, 'retry'], [503, 'retry'],
    [410, 'gone'],
    [400, 'reject'], [401, 'reject'], [403, 'reject'], [404, 'reject'], [422, 'reject'], [301, 'reject'],
  ])('%s → %s', (status, expected) => expect(classifyStatus(status as number | null)).toBe(expected));
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => expect(parseRetryAfter('120')).toBe(120000));
  it('reads an HTTP date', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30000);
  });
  it('caps absurd values at a day', () => expect(parseRetryAfter('99999999')).toBe(24 * 3600 * 1000));
  it.each([[undefined], [''], ['soon']])('ignores %p', (v) => expect(parseRetryAfter(v as any)).toBeNull());
});

describe('nextAttemptDelay', () => {
  it('follows the schedule with ±20% jitter', () => {
    expect(nextAttemptDelay({ attempts: 1, schedule: [10, 60], random: () => 0 })).toBe(8000);
    expect(nextAttemptDelay({ attempts: 1, schedule: [10, 60], random: () => 0.999999 })).toBe(12000);
    expect(nextAttemptDelay({ attempts: 2, schedule: [10, 60], random: () => 0.5 })).toBe(60000);
  });
  it('never goes below Retry-After', () => {
    expect(nextAttemptDelay({ attempts: 1, schedule: [1], retryAfterMs: 30000, random: () => 0.5 })).toBe(30000);
  });
  it('gives up when the schedule is exhausted', () => {
    expect(nextAttemptDelay({ attempts: 3, schedule: [1, 2] })).toBeNull();
  });
  it('spans more than 2 working days across a weekend by default', () => {
    const total = DEFAULT_RETRY_SCHEDULE.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(4 * 24 * 3600);
  });
});

describe('parseRetrySchedule', () => {
  it('parses seconds, decimals allowed', () => expect(parseRetrySchedule('0.5, 2,10')).toEqual([0.5, 2, 10]));
  it('returns null when unset', () => expect(parseRetrySchedule(undefined)).toBeNull());
  it('rejects garbage with a message naming the variable', () => expect(() => parseRetrySchedule('1,x')).toThrow(/SYNDICATION_RETRY_SCHEDULE/));
});

describe('working days', () => {
  const cal = new WorkingCalendar(HOLIDAY_PLANS);
  it('counts a Friday issuance to the end of Tuesday', () => {
    const friday = new Date('2026-11-20T09:00:00+07:00');
    expect(vietnamDate(cal.addWorkingDays(friday, 2))).toBe('2026-11-24');
  });
  it('skips National Day (2/9) and its adjacent day', () => {
    const monday = new Date('2026-08-31T09:00:00+07:00');
    expect(vietnamDate(cal.addWorkingDays(monday, 2))).toBe('2026-09-04');
  });
  it('skips Tết', () => {
    expect(cal.isWorkingDay('2026-02-17')).toBe(false);
    expect(cal.isWorkingDay('2026-02-18')).toBe(false);
  });
  it('uses Vietnam time for the issuance day', () => {
    // 23:30 UTC on Sunday is already Monday in Vietnam
    expect(vietnamDate(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
  });
  it('honours a swapped working Saturday', () => {
    const c = new WorkingCalendar([], [{ date: '2026-11-21', type: 'workday', name: 'test', source: 'admin' }]);
    expect(vietnamDate(c.addWorkingDays(new Date('2026-11-20T09:00:00+07:00'), 1))).toBe('2026-11-21');
  });
});

describe('targets', () => {
  const portals = [{ code: 'UBND', tier: 'province' as const }, { code: 'SYT', tier: 'department' as const }, { code: '07627', tier: 'commune' as const }];
  it('defaults to every portal', () => expect(selectTargets(portals, normaliseTargets(undefined))).toHaveLength(3));
  it('selects tiers', () => expect(selectTargets(portals, normaliseTargets({ scope: 'tiers', tiers: ['commune'] })).map((p) => p.code)).toEqual(['07627']));
  it('selects codes', () => expect(selectTargets(portals, normaliseTargets({ scope: 'portals', portals: ['SYT', 'NOPE'] })).map((p) => p.code)).toEqual(['SYT']));
});

describe('Vietnamese text', () => {
  it.each([
    ['Đường', 'duong'],
    ['Chủ tịch UBND tỉnh Bắc Ninh', 'chu-tich-ubnd-tinh-bac-ninh'],
    ['Thụy Hòa – Phường Vũ Ninh', 'thuy-hoa-phuong-vu-ninh'],
    ['Lịch công tác tuần 47/2026', 'lich-cong-tac-tuan-472026'],
  ])('slug(%s) = %s', (input, slug) => {
    expect(vietnameseSlug(input)).toBe(slug);
    expect(vietnameseSlug(input.normalize('NFD'))).toBe(slug);
  });
  it('cuts a long title\'s slug at the last whole word within 200 characters', () => {
    const title = 'Quyết định phê duyệt kế hoạch triển khai chuyển đổi số tỉnh Bắc Ninh giai đoạn 2026 – 2030 '.repeat(6);
    const slug = vietnameseSlug(title);
    expect(slug.length).toBeLessThanOrEqual(200);
    expect(slug.length).toBeGreaterThan(180);
    expect(slug.startsWith('quyet-dinh-phe-duyet-ke-hoach')).toBe(true);
    expect(vietnameseSlug(title).endsWith('-')).toBe(false);
    // Cut at a word boundary: the slug is a prefix of the full one followed by "-".
    const whole = slugify(title, { locale: 'vi', lower: true, strict: true, trim: true });
    expect(whole.startsWith(`${slug}-`)).toBe(true);
  });
  it('normalises NFD to NFC deeply', () => {
    const nfd = 'Phường Kinh Bắc'.normalize('NFD');
    expect(nfc(nfd)).toBe('Phường Kinh Bắc'.normalize('NFC'));
    expect(nfcDeep({ a: [nfd], b: { c: nfd }, n: 1 })).toEqual({ a: [nfc(nfd)], b: { c: nfc(nfd) }, n: 1 });
  });
});

describe('registry data', () => {
  const dir = path.resolve(__dirname, '..', '..', 'database', 'data');
  const registry = buildRegistry(fs.readFileSync(path.join(dir, 'provincial-bodies.csv'), 'utf8'), fs.readFileSync(path.join(dir, 'communes-wards.csv'), 'utf8'));
  it('has 119 unique codes', () => {
    expect(registry).toHaveLength(119);
    expect(new Set(registry.map((p) => p.code)).size).toBe(119);
  });
  it('reads quoted names with commas', () => {
    expect(registry.find((p) => p.code === 'SVHTTDL')!.name).toBe('Sở Văn hóa, Thể thao và Du lịch');
  });
  it('rejects a commune code that lost its leading zero', () => {
    expect(() => buildRegistry('code,name\n', 'code,name,type\n7627,Đại Sơn,xã\n')).toThrow(/5 digits/);
  });
  it('parses CSV escapes', () => expect(parseCsv('a,b\n"x ""y""",z\n')).toEqual([{ a: 'x "y"', b: 'z' }]));
});

describe('payload', () => {
  it('strips scripts and handlers, keeps article markup', () => {
    const html = sanitiseBody('<p onclick="x()">Nội dung <strong>chính</strong></p><script>alert(1)</script><img src="https://x/a.png" onerror="y">');
    expect(html).toBe('<p>Nội dung <strong>chính</strong></p><img src="https://x/a.png" />');
  });
  it('hashes content without version or publish time', () => {
    const base: any = { documentId: 'd', title: 't', version: 1, publishedAt: 'a' };
    expect(contentHash(base)).toBe(contentHash({ ...base, version: 2, publishedAt: 'b' }));
    expect(contentHash(base)).not.toBe(contentHash({ ...base, title: 'u' }));
  });
});

describe('signing secrets', () => {
  it('generates valid whsec_ secrets', () => expect(isValidSigningSecret(newSigningSecret())).toBe(true));
  it.each([['whsec_short'], ['not base64 !!'], ['whsec_' + Buffer.from('15-bytes-secret').toString('base64')]])('rejects %s', (s) => expect(isValidSigningSecret(s)).toBe(false));
});

describe('Decision 96 categories', () => {
  it('8.1.c is due in 2 working days on every tier', () => {
    expect(DECISION_96_CATEGORIES.find((c) => c.code === '8.1.c')!.deadlines).toEqual({ province: { unit: 'working', days: 2 }, department: { unit: 'working', days: 2 }, commune: { unit: 'working', days: 2 } });
  });
  it('8.2.* applies to the provincial portal only', () => {
    expect(DECISION_96_CATEGORIES.filter((c) => c.code.startsWith('8.2')).every((c) => c.tiers.join() === 'province')).toBe(true);
  });
});
