/**
 * The categories every portal must carry, with their update deadlines in working days
 * (Bắc Ninh Decision 96/QĐ-UBND of 18 March 2021, Article 8).
 *
 * These are the defaults seeded into the category-rule collection; administrators may
 * change deadlines per tier afterwards (Plan 65's scoring appendices use 3 working days
 * for several commune/ward items), and a restart never overwrites their edits.
 */
import type { Tier } from '../constants';

export interface CategoryRuleSeed {
  code: string;
  name: string;
  nameEn: string;
  article: string;
  /** Tiers whose portals must carry the category. */
  tiers: Tier[];
  /** Deadline in working days from the triggering event, per tier; null = no deadline set. */
  deadlineDays: Partial<Record<Tier, number | null>>;
  /** What starts the clock. */
  trigger: string;
  note?: string;
}

const ALL: Tier[] = ['province', 'department', 'commune'];
const PROVINCE_ONLY: Tier[] = ['province'];

const same = (days: number | null, tiers: Tier[] = ALL) =>
  Object.fromEntries(tiers.map((t) => [t, days])) as Partial<Record<Tier, number | null>>;

export const DECISION_96_CATEGORIES: CategoryRuleSeed[] = [
  { code: '8.1.a', name: 'Thông tin giới thiệu', nameEn: 'Introduction', article: 'Art. 8.1.a', tiers: ALL, deadlineDays: same(2), trigger: 'new or changed information', note: 'Contents differ for departments vs. province/commune' },
  { code: '8.1.b', name: 'Tin tức, sự kiện', nameEn: 'News and events', article: 'Art. 8.1.b', tiers: ALL, deadlineDays: same(2), trigger: 'the event' },
  { code: '8.1.c', name: 'Thông tin chỉ đạo, điều hành', nameEn: 'Direction and administration', article: 'Art. 8.1.c', tiers: ALL, deadlineDays: same(2), trigger: 'official issuance', note: 'The syndicated content (Plan 65, Task 8)' },
  { code: '8.1.d', name: 'Thông tin tuyên truyền, phổ biến, hướng dẫn pháp luật, chế độ, chính sách', nameEn: 'Dissemination of law, regimes and policies', article: 'Art. 8.1.d', tiers: ALL, deadlineDays: same(12), trigger: 'issuance of the law or policy' },
  { code: '8.1.đ', name: 'Chiến lược, định hướng, quy hoạch, kế hoạch phát triển', nameEn: 'Strategies, orientations, master plans', article: 'Art. 8.1.đ', tiers: ALL, deadlineDays: same(5), trigger: 'approval' },
  { code: '8.1.e', name: 'Hệ thống văn bản quy phạm pháp luật, văn bản chỉ đạo điều hành', nameEn: 'Legal and administrative documents', article: 'Art. 8.1.e', tiers: ALL, deadlineDays: same(2), trigger: 'issuance', note: '2 working days for the issuer; 8 for agencies the document governs' },
  { code: '8.1.g', name: 'Thông tin về dự án, hạng mục đầu tư, đấu thầu, mua sắm công', nameEn: 'Projects, investment, bidding, public procurement', article: 'Art. 8.1.g', tiers: ALL, deadlineDays: same(5), trigger: 'approval' },
  { code: '8.1.h', name: 'Mục lấy ý kiến góp ý của tổ chức, cá nhân', nameEn: 'Draft documents open for comment', article: 'Art. 8.1.h', tiers: ALL, deadlineDays: same(2), trigger: 'the request for comments' },
  { code: '8.1.i', name: 'Báo cáo tài chính năm', nameEn: 'Annual financial report', article: 'Art. 8.1.i', tiers: ALL, deadlineDays: same(2), trigger: 'issuance' },
  { code: '8.1.k', name: 'Thông tin liên hệ của cán bộ, công chức có thẩm quyền', nameEn: 'Contact information of competent officials', article: 'Art. 8.1.k', tiers: ALL, deadlineDays: same(2), trigger: 'change' },
  { code: '8.1.l', name: 'Thông tin liên hệ của cổng', nameEn: 'Portal contact information', article: 'Art. 8.1.l', tiers: ALL, deadlineDays: same(2), trigger: 'change' },
  { code: '8.1.m', name: 'Tiếp cận thông tin', nameEn: 'Access to information', article: 'Art. 8.1.m', tiers: ALL, deadlineDays: same(null), trigger: '—' },
  { code: '8.1.n', name: 'Dịch vụ công trực tuyến', nameEn: 'Online public services', article: 'Art. 8.1.n', tiers: ALL, deadlineDays: same(null), trigger: '—' },
  { code: '8.2.a', name: 'Công báo điện tử', nameEn: 'E-gazette', article: 'Art. 8.2.a', tiers: PROVINCE_ONLY, deadlineDays: same(0, PROVINCE_ONLY), trigger: 'the printed gazette', note: 'Same time as the printed gazette' },
  { code: '8.2.b', name: 'Chương trình, đề tài khoa học', nameEn: 'Science programmes and projects', article: 'Art. 8.2.b', tiers: PROVINCE_ONLY, deadlineDays: same(15, PROVINCE_ONLY), trigger: 'approval or acceptance' },
  { code: '8.2.c', name: 'Thông tin thống kê', nameEn: 'Statistics', article: 'Art. 8.2.c', tiers: PROVINCE_ONLY, deadlineDays: same(8, PROVINCE_ONLY), trigger: 'publication decision' },
  { code: '8.2.d', name: 'Thông tin bằng tiếng nước ngoài', nameEn: 'Foreign-language information', article: 'Art. 8.2.d', tiers: PROVINCE_ONLY, deadlineDays: same(2, PROVINCE_ONLY), trigger: 'the Vietnamese item', note: 'At least 8.1.a and 8.1.k' },
  { code: '8.2.đ', name: 'Thăm dò ý kiến trực tuyến', nameEn: 'Online surveys', article: 'Art. 8.2.đ', tiers: PROVINCE_ONLY, deadlineDays: same(null, PROVINCE_ONLY), trigger: '—' },
];

export const CATEGORY_CODES = DECISION_96_CATEGORIES.map((c) => c.code);
