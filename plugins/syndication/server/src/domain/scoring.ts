/**
 * Plan 65/KH-UBND, Appendices 1 (department portals) and 2 (commune/ward portals): the
 * monthly criteria that items supplied by the provincial portal feed ("including items
 * re-posted from official sources" / "taken from the provincial portal"), with the point
 * bands as far as the seed's OCR can be read.
 *
 * A band whose points the OCR lost has `points: null` and is flagged: an administrator
 * sets it in config (`syndication.scoring`), never this code. Counts the appendix's
 * wording leaves between two bands (e.g. exactly 10 news items for a department:
 * "> 10" and "5 to 9") match no band and are reported as such.
 */
import type { Tier } from '../constants';

export interface Band {
  /** Inclusive bounds on the month's count; max omitted = no upper bound. */
  min: number;
  max?: number;
  points: number | null;
  /** The appendix's wording. */
  text: string;
}

export interface Criterion {
  key: 'news' | 'law';
  /** Item number in the appendix. */
  item: string;
  label: string;
  maxPoints: number;
  /** Item categories whose deliveries count towards the criterion. */
  categories: string[];
  bands: Band[];
}

export interface Appendix {
  appendix: string;
  criteria: Criterion[];
}

export type ScoringConfig = Partial<Record<Exclude<Tier, 'province'>, Appendix>>;

export const PLAN_65_SCORING: Record<'department' | 'commune', Appendix> = {
  department: {
    appendix: 'Kế hoạch 65/KH-UBND, Phụ lục 1 (Sở, ban, ngành)',
    criteria: [
      {
        key: 'news',
        item: '2',
        label: 'Tin tức, sự kiện',
        maxPoints: 10,
        categories: ['8.1.b', '8.1.c'],
        bands: [
          { min: 11, points: 10, text: 'Tin, bài > 10' },
          { min: 5, max: 9, points: 5, text: 'Tin, bài từ 5 đến 9' },
          { min: 1, max: 4, points: null, text: 'Tin, bài dưới 5 (điểm không đọc được trong bản gốc / points unreadable in the source)' },
          { min: 0, max: 0, points: 0, text: 'Không cập nhật' },
        ],
      },
      {
        key: 'law',
        item: '5',
        label: 'Thông tin tuyên truyền, phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách',
        maxPoints: 5,
        categories: ['8.1.d'],
        bands: [
          { min: 6, points: 5, text: 'Văn bản, tin, bài > 5' },
          { min: 2, max: 4, points: 3, text: 'Văn bản, tin, bài từ 2 đến 4' },
          { min: 1, max: 1, points: 2, text: 'Văn bản, tin, bài dưới 2' },
          { min: 0, max: 0, points: 0, text: 'Không cập nhật' },
        ],
      },
    ],
  },
  commune: {
    appendix: 'Kế hoạch 65/KH-UBND, Phụ lục 2 (UBND xã, phường)',
    criteria: [
      {
        key: 'news',
        item: '2',
        label: 'Tin tức, sự kiện',
        maxPoints: 10,
        categories: ['8.1.b', '8.1.c'],
        bands: [
          { min: 6, points: 10, text: 'Tin, bài > 5' },
          { min: 2, max: 4, points: null, text: 'Tin, bài từ 2 đến 4 (điểm không đọc được trong bản gốc / points unreadable in the source)' },
          { min: 1, max: 1, points: null, text: 'Tin, bài dưới 2 (điểm không đọc được trong bản gốc / points unreadable in the source)' },
          { min: 0, max: 0, points: null, text: 'Không cập nhật (điểm không đọc được trong bản gốc / points unreadable in the source)' },
        ],
      },
      {
        key: 'law',
        item: '6',
        label: 'Thông tin tuyên truyền, phổ biến, hướng dẫn thực hiện pháp luật, chế độ, chính sách',
        maxPoints: 10,
        categories: ['8.1.d'],
        bands: [
          { min: 4, points: 10, text: 'Văn bản, tin, bài > 3' },
          { min: 1, max: 2, points: null, text: 'Văn bản, tin, bài < 3 (điểm không đọc được trong bản gốc / points unreadable in the source)' },
          { min: 0, max: 0, points: 0, text: 'Không cập nhật' },
        ],
      },
    ],
  },
};

export interface BandResult {
  count: number;
  band: string | null;
  points: number | null;
  /** True when the points must come from configuration (unreadable cell or a count the wording leaves out). */
  needsConfiguration: boolean;
}

export function scoreCount(count: number, bands: Band[]): BandResult {
  const band = bands.find((b) => count >= b.min && (b.max == null || count <= b.max));
  if (!band) return { count, band: null, points: null, needsConfiguration: true };
  return { count, band: band.text, points: band.points, needsConfiguration: band.points == null };
}

/** The month as [start, end) instants in Vietnam time. */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1) - 7 * 3600 * 1000);
  const to = new Date(Date.UTC(y, m, 1) - 7 * 3600 * 1000);
  return { from, to };
}
