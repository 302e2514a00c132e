/**
 * The Art. 15 report (Decision 96, Art. 15 and appendix): per portal and consolidated
 * for the province, with row 14 counted from the delivery records — on time when the
 * copy went live on the portal by its deadline, late when after it or still not live
 * once it passed. A delivery counts in the period in which its item was issued
 * (`issuedAt`, Vietnam dates; the delivery's creation when the item has none).
 * Withdrawn items and copies a board declined (rejected) are not counted.
 */
import type { Core } from '@strapi/strapi';
import ExcelJS from 'exceljs';
import {
  ART15_HEADINGS,
  ART15_SECTION_3,
  ART15_TABLE_1,
  ART15_TABLE_2,
  ART15_TABLE_2_HEADINGS,
  ART15_TITLE,
  ROW_14_CATEGORIES,
  addCounts,
  emptyCounts,
  fillTemplate,
  vnDate,
  type Counts,
  type ReportRow,
} from '../domain/art15';
import { toCsv } from '../domain/csv';
import { vietnamDate } from '../domain/working-days';
import { getService } from '../utils';
import { onTime } from './deadline';

export interface Art15Report {
  period: { from: string; to: string };
  portals: Array<{ code: string; name: string; tier: string; rows: ReportRow[] }>;
  province: { name: string; rows: ReportRow[] };
}

export const PROVINCE_SHEET = 'Toàn tỉnh';
const PROVINCE_NAME = 'Tổng hợp toàn tỉnh (các Cổng TTĐT thành phần)';

const report = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Row 14 counts per portal for items issued within [from, to] (Vietnam dates, inclusive). */
  async row14Counts(from: string, to: string, now = Date.now()): Promise<Map<string, Counts>> {
    const rows = await getService('deliveryStore', strapi).withItemFacts({ categories: ROW_14_CATEGORIES, owedOnly: true });
    const counts = new Map<string, Counts>();
    for (const r of rows) {
      const issued = vietnamDate(r.issuedAt ?? r.createdAt ?? new Date(now));
      if (issued < from || issued > to) continue;
      const c = counts.get(r.portalCode) ?? emptyCounts();
      const verdict = onTime({ deadline_at: r.deadlineAt, portal_published_at: r.portalPublishedAt, status: r.status }, now);
      c.total += 1;
      if (verdict === true) c.onTime += 1;
      else if (verdict === false) c.late += 1;
      else c.open += 1;
      counts.set(r.portalCode, c);
    }
    return counts;
  },

  async art15(q: { from: string; to: string; portal?: string }, now = Date.now()): Promise<Art15Report> {
    const portalService = getService('portal', strapi);
    if (q.portal) await portalService.getByCode(q.portal);
    const all = await portalService.list();
    const counts = await this.row14Counts(q.from, q.to, now);
    let province = emptyCounts();
    const portals: Art15Report['portals'] = [];
    for (const p of all) {
      // Row 14 applies to component portals only.
      const c = p.tier === 'province' ? null : counts.get(p.code) ?? emptyCounts();
      if (c) province = addCounts(province, c);
      if (!q.portal || p.code === q.portal) portals.push({ code: p.code, name: p.name, tier: p.tier, rows: fillTemplate(c) });
    }
    return { period: { from: q.from, to: q.to }, portals, province: { name: PROVINCE_NAME, rows: fillTemplate(province) } };
  },

  /** One line per template row and portal (the province's consolidated lines first); UTF-8 with BOM for spreadsheet programs. */
  toCsv(r: Art15Report): string {
    const header = ['Mã cổng', 'Tên cổng', 'Từ ngày', 'Đến ngày', ART15_HEADINGS.row, ART15_HEADINGS.label, ART15_HEADINGS.onTime, ART15_HEADINGS.late, ART15_HEADINGS.total, ART15_HEADINGS.note];
    const lines = (code: string, name: string, rows: ReportRow[]) => rows.map((x) => [code, name, r.period.from, r.period.to, x.row, x.label, x.onTime, x.late, x.total, x.note]);
    return `\uFEFF${toCsv([header, ...lines('', PROVINCE_NAME, r.province.rows), ...r.portals.flatMap((p) => lines(p.code, p.name, p.rows))])}`;
  },

  /** The appendix template as a workbook: the consolidated sheet, then one sheet per portal (named by its code). */
  async toXlsx(r: Art15Report): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Cổng TTĐT tỉnh Bắc Ninh — hệ thống đồng bộ';
    const period = `(Kỳ báo cáo: từ ngày ${vnDate(r.period.from)} đến ngày ${vnDate(r.period.to)})`;
    const sheet = (name: string, portalName: string, rows: ReportRow[]) => {
      const ws = wb.addWorksheet(name.slice(0, 31));
      ws.columns = [{ width: 7 }, { width: 80 }, { width: 11 }, { width: 11 }, { width: 11 }, { width: 40 }];
      const bold = { bold: true };
      const centre = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;
      ws.mergeCells('A1:F1');
      ws.getCell('A1').value = 'BÁO CÁO';
      ws.getCell('A1').font = { bold: true, size: 14 };
      ws.getCell('A1').alignment = centre;
      ws.mergeCells('A2:F2');
      ws.getCell('A2').value = `${ART15_TITLE} ${portalName}`;
      ws.getCell('A2').font = bold;
      ws.getCell('A2').alignment = centre;
      ws.mergeCells('A3:F3');
      ws.getCell('A3').value = period;
      ws.getCell('A3').alignment = centre;
      ws.getCell('A4').value = ART15_TABLE_1;
      ws.getCell('A4').font = bold;
      // Two heading rows, as in the appendix: "Thời gian cập nhật" spans "Đúng hạn" and "Quá hạn".
      ws.getRow(5).values = [ART15_HEADINGS.row, ART15_HEADINGS.label, ART15_HEADINGS.updated, null, ART15_HEADINGS.total, ART15_HEADINGS.note];
      ws.getRow(6).values = [null, null, ART15_HEADINGS.onTime, ART15_HEADINGS.late, null, null];
      for (const range of ['A5:A6', 'B5:B6', 'C5:D5', 'E5:E6', 'F5:F6']) ws.mergeCells(range);
      for (const n of [5, 6]) ws.getRow(n).eachCell((c) => Object.assign(c, { font: bold, alignment: centre }));
      rows.forEach((x, i) => {
        const row = ws.getRow(7 + i);
        row.values = [x.row, x.label, x.onTime, x.late, x.total, x.note];
        row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
        if (/^\d+$/.test(x.row)) row.font = bold;
      });
      const t2 = 7 + rows.length + 1;
      ws.getCell(`A${t2}`).value = ART15_TABLE_2;
      ws.getCell(`A${t2}`).font = bold;
      ws.getRow(t2 + 1).values = ART15_TABLE_2_HEADINGS;
      ws.getRow(t2 + 1).font = bold;
      ws.getRow(t2 + 2).values = ['1', '...'];
      ws.getRow(t2 + 3).values = ['2', '...'];
      ws.getRow(t2 + 4).values = ['', 'Tổng cộng'];
      ws.getCell(`A${t2 + 6}`).value = ART15_SECTION_3;
      ws.getCell(`A${t2 + 6}`).font = bold;
    };
    sheet(PROVINCE_SHEET, 'tỉnh Bắc Ninh (tổng hợp các Cổng TTĐT thành phần)', r.province.rows);
    for (const p of r.portals) sheet(p.code, p.name, p.rows);
    return Buffer.from(await wb.xlsx.writeBuffer());
  },
});

export type ReportService = typeof report;
export default report;
