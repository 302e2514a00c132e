/**
 * The categories every portal must carry and their update deadlines
 * (Bắc Ninh Decision 96/QĐ-UBND of 18 March 2021, Article 8), with the fields each
 * category requires and who receives it by default.
 *
 * These are the defaults seeded into the category-rule collection; administrators may
 * change them afterwards (e.g. apply the Plan 65 commune preset below), and a restart
 * never overwrites their edits. Pure data and pure functions: no Strapi here.
 */
import type { Tier } from '../constants';
import type { WorkingCalendar } from './working-days';

/** working: N working days; plain: N calendar days (8.2.d); same-day: end of the day of the event (8.2.a); none. */
export const DEADLINE_UNITS = ['working', 'plain', 'same-day', 'none'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export interface Deadline {
  unit: DeadlineUnit;
  days?: number;
}

/**
 * Who receives an item of the category.
 * all: every portal unless the item names its targets (8.1.c: all 119);
 * issuer-and-governed: the issuing portal plus the agencies the document governs, chosen at publish (8.1.e).
 */
export const RECIPIENT_RULES = ['all', 'issuer-and-governed'] as const;
export type RecipientRule = (typeof RECIPIENT_RULES)[number];

export interface CategoryRuleSeed {
  code: string;
  /** The category's title exactly as Decision 96 writes it. */
  name: string;
  nameEn: string;
  article: string;
  /** Tiers whose portals must carry the category. */
  tiers: Tier[];
  /** Deadline per tier, from the triggering event (the item's `issuedAt`). */
  deadlines: Partial<Record<Tier, Deadline>>;
  /** 8.1.e: the deadline of the agencies the document governs (the issuer keeps `deadlines`). */
  governedDeadline?: Deadline | null;
  /** Item fields a publish must carry (paths into the item; `documentFile` = attachments or documentUrl). */
  requiredFields: string[];
  recipients: RecipientRule;
  /** Coverage: a mapped section with nothing newer than this is stale; null = being mapped is enough. */
  expectedIntervalDays: number | null;
  trigger: string;
  note?: string;
}

const ALL: Tier[] = ['province', 'department', 'commune'];
const PROVINCE_ONLY: Tier[] = ['province'];

const working = (days: number): Deadline => ({ unit: 'working', days });
const each = (d: Deadline, tiers: Tier[] = ALL) => Object.fromEntries(tiers.map((t) => [t, d])) as Partial<Record<Tier, Deadline>>;
const NONE: Deadline = { unit: 'none' };

const rule = (r: Omit<CategoryRuleSeed, 'requiredFields' | 'recipients' | 'expectedIntervalDays'> & Partial<CategoryRuleSeed>): CategoryRuleSeed => ({
  requiredFields: [],
  recipients: 'all',
  expectedIntervalDays: null,
  governedDeadline: null,
  ...r,
});

export const PROJECT_FIELDS = ['name', 'goal', 'field', 'type', 'period', 'budget', 'fundingType', 'sponsor', 'status'] as const;

export const DECISION_96_CATEGORIES: CategoryRuleSeed[] = [
  rule({ code: '8.1.a', name: 'Thông tin giới thiệu', nameEn: 'Introduction', article: 'Art. 8.1.a', tiers: ALL, deadlines: each(working(2)), trigger: 'new or changed information', note: 'Contents differ for departments vs. province/commune' }),
  rule({ code: '8.1.b', name: 'Tin tức, sự kiện', nameEn: 'News and events', article: 'Art. 8.1.b', tiers: ALL, deadlines: each(working(2)), trigger: 'the event', expectedIntervalDays: 31 }),
  rule({ code: '8.1.c', name: 'Thông tin chỉ đạo, điều hành', nameEn: 'Direction and administration', article: 'Art. 8.1.c', tiers: ALL, deadlines: each(working(2)), trigger: 'official issuance', requiredFields: ['kind', 'issuedAt'], expectedIntervalDays: 31, note: 'The syndicated content (Plan 65, Task 8); report row 14' }),
  rule({ code: '8.1.d', name: 'Thông tin tuyên truyền, phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách', nameEn: 'Dissemination and guidance on law, regimes and policies', article: 'Art. 8.1.d', tiers: ALL, deadlines: each(working(12)), trigger: 'issuance of the law or policy', expectedIntervalDays: 31 }),
  rule({ code: '8.1.đ', name: 'Chiến lược, định hướng, quy hoạch, kế hoạch phát triển', nameEn: 'Strategies, orientations, master plans, development plans', article: 'Art. 8.1.đ', tiers: ALL, deadlines: each(working(5)), trigger: 'approval' }),
  rule({
    code: '8.1.e',
    name: 'Hệ thống văn bản quy phạm pháp luật và văn bản hành chính',
    nameEn: 'Legal documents and administrative documents',
    article: 'Art. 8.1.e',
    tiers: ALL,
    deadlines: each(working(2)),
    governedDeadline: working(8),
    requiredFields: ['documentForm', 'issuer', 'documentNumber', 'issuedAt', 'effectiveAt', 'summary', 'documentFile'],
    recipients: 'issuer-and-governed',
    trigger: 'issuance',
    note: '2 working days for the issuer; 8 for the agencies the document governs',
  }),
  rule({ code: '8.1.g', name: 'Thông tin về dự án, hạng mục đầu tư, đấu thầu, mua sắm công', nameEn: 'Projects, investment, bidding, public procurement', article: 'Art. 8.1.g', tiers: ALL, deadlines: each(working(5)), trigger: 'approval', requiredFields: PROJECT_FIELDS.map((f) => `project.${f}`) }),
  rule({ code: '8.1.h', name: 'Mục lấy ý kiến góp ý của tổ chức, cá nhân vào dự thảo văn bản', nameEn: 'Draft documents open for public comment', article: 'Art. 8.1.h', tiers: ALL, deadlines: each(working(2)), trigger: 'the request to post', requiredFields: ['commentDeadline', 'body', 'contact'] }),
  rule({ code: '8.1.i', name: 'Báo cáo tài chính hàng năm của cơ quan, đơn vị', nameEn: 'Annual financial report', article: 'Art. 8.1.i', tiers: ALL, deadlines: each(working(2)), trigger: 'issuance' }),
  rule({ code: '8.1.k', name: 'Thông tin liên hệ của cán bộ, công chức có thẩm quyền', nameEn: 'Contact information of competent officials', article: 'Art. 8.1.k', tiers: ALL, deadlines: each(working(2)), trigger: 'new or changed information' }),
  rule({ code: '8.1.l', name: 'Thông tin giao dịch của Cổng TTĐT', nameEn: 'Portal transaction information', article: 'Art. 8.1.l', tiers: ALL, deadlines: each(working(2)), trigger: 'new or changed information' }),
  rule({ code: '8.1.m', name: 'Chuyên mục về tiếp cận thông tin', nameEn: 'Access to information', article: 'Art. 8.1.m', tiers: ALL, deadlines: each(NONE), trigger: '—' }),
  rule({ code: '8.1.n', name: 'Dịch vụ công trực tuyến', nameEn: 'Online public services', article: 'Art. 8.1.n', tiers: ALL, deadlines: each(NONE), trigger: '—', note: 'Linked to dvc.bacninh.gov.vn' }),
  rule({ code: '8.2.a', name: 'Công báo điện tử', nameEn: 'E-gazette', article: 'Art. 8.2.a', tiers: PROVINCE_ONLY, deadlines: each({ unit: 'same-day' }, PROVINCE_ONLY), trigger: 'the printed gazette', note: 'At the same time as the printed gazette' }),
  rule({ code: '8.2.b', name: 'Thông tin về chương trình, đề tài khoa học', nameEn: 'Science programmes and projects', article: 'Art. 8.2.b', tiers: PROVINCE_ONLY, deadlines: each(working(15), PROVINCE_ONLY), trigger: 'approval or acceptance' }),
  rule({ code: '8.2.c', name: 'Thông tin thống kê', nameEn: 'Statistics', article: 'Art. 8.2.c', tiers: PROVINCE_ONLY, deadlines: each(working(8), PROVINCE_ONLY), trigger: 'publication decision' }),
  rule({ code: '8.2.d', name: 'Thông tin tiếng nước ngoài', nameEn: 'Foreign-language information', article: 'Art. 8.2.d', tiers: PROVINCE_ONLY, deadlines: each({ unit: 'plain', days: 2 }, PROVINCE_ONLY), trigger: 'the Vietnamese item', note: 'At least 8.1.a and 8.1.k; 2 plain days after the Vietnamese item' }),
  rule({ code: '8.2.đ', name: 'Chuyên mục khảo sát trực tuyến', nameEn: 'Online survey section', article: 'Art. 8.2.đ', tiers: PROVINCE_ONLY, deadlines: each(NONE, PROVINCE_ONLY), trigger: '—' }),
];

export const CATEGORY_CODES = DECISION_96_CATEGORIES.map((c) => c.code);

/**
 * Plan 65/KH-UBND, Appendix 2 (commune/ward portals): 3 working days for items 1.1–1.3
 * (introduction, transaction info, officials' contacts) and 4 (the commune's own legal
 * documents); 5 for 7.1 (financial report), 7.2 (statistics, science) and 8 (plans,
 * projects, investment). An administrator applies it over the API; it changes only the
 * commune tier's deadlines.
 */
export const PLAN_65_COMMUNE_PRESET: Record<string, Deadline> = {
  '8.1.a': working(3),
  '8.1.l': working(3),
  '8.1.k': working(3),
  '8.1.e': working(3),
  '8.1.i': working(5),
  '8.2.b': working(5),
  '8.2.c': working(5),
  '8.1.g': working(5),
};

/** Editor-facing names of the required fields: Vietnamese / English. */
export const FIELD_LABELS: Record<string, string> = {
  kind: 'loại tin chỉ đạo, điều hành / direction kind',
  issuedAt: 'ngày ban hành / issue date',
  documentForm: 'hình thức văn bản / document form',
  issuer: 'thẩm quyền ban hành / issuing authority',
  documentNumber: 'số, ký hiệu văn bản / number and symbol',
  effectiveAt: 'ngày hiệu lực / effective date',
  summary: 'trích yếu / excerpt',
  documentFile: 'tệp văn bản cho phép tải về / downloadable file',
  commentDeadline: 'thời hạn tiếp nhận ý kiến góp ý / comment deadline',
  body: 'toàn văn nội dung / full text',
  contact: 'địa chỉ, thư điện tử tiếp nhận góp ý / contact for comments',
  'project.name': 'tên dự án / project name',
  'project.goal': 'mục tiêu chính / main goal',
  'project.field': 'lĩnh vực chuyên môn / field',
  'project.type': 'loại dự án / project type',
  'project.period': 'thời gian thực hiện / period',
  'project.budget': 'kinh phí dự án / budget',
  'project.fundingType': 'loại hình tài trợ / funding type',
  'project.sponsor': 'nhà tài trợ / sponsor',
  'project.status': 'tình trạng dự án / project status',
};

const filled = (v: unknown) => {
  if (v == null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
};

/**
 * The required fields an item lacks, as field paths. `documentFile` is met by an
 * attachment or a documentUrl and is reported on `documentUrl` (what an API client sets).
 */
export function missingFields(item: Record<string, unknown>, required: string[]): string[] {
  const missing: string[] = [];
  for (const field of required) {
    if (field === 'documentFile') {
      if (!filled(item.attachments) && !filled(item.documentUrl)) missing.push('documentUrl');
      continue;
    }
    const value = field.split('.').reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[k]), item);
    if (!filled(value)) missing.push(field);
  }
  return missing;
}

export const fieldLabel = (path: string) => FIELD_LABELS[path === 'documentUrl' ? 'documentFile' : path] ?? path;

/** The deadline instant for an event at `start`, or null when the category has none. */
export function computeDeadline(start: Date, deadline: Deadline | null | undefined, calendar: WorkingCalendar): Date | null {
  if (!deadline) return null;
  switch (deadline.unit) {
    case 'working':
      return calendar.addWorkingDays(start, deadline.days ?? 0);
    case 'plain':
      return calendar.addPlainDays(start, deadline.days ?? 0);
    case 'same-day':
      return calendar.addPlainDays(start, 0);
    default:
      return null;
  }
}

/** Accepts the legacy `{ tier: days }` shape too (rows seeded before deadlines had units). */
export function asDeadline(v: unknown): Deadline | null {
  if (v == null) return null;
  if (typeof v === 'number') return { unit: 'working', days: v };
  if (typeof v === 'object' && (DEADLINE_UNITS as readonly unknown[]).includes((v as { unit?: unknown }).unit)) return v as Deadline;
  return null;
}
