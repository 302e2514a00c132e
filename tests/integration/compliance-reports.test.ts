/**
 * Decision 96 compliance, part 2 (issue 8): coverage, the Art. 15 report (row 14) in
 * JSON, CSV and XLSX, and the Plan 65 monthly scoring inputs, on a fixture of items
 * and deliveries with known times. Items are published through the API (portals have
 * no endpoint, so nothing is sent); the fixture then records when each copy went live.
 */
import ExcelJS from 'exceljs';
import { bootHub, type Hub } from '../helpers/hub';
import { sampleItem } from '../helpers/portals';
import { parseCsv } from '../../plugins/syndication/server/src/domain/csv';
import { ART15_ROWS } from '../../plugins/syndication/server/src/domain/art15';

let hub: Hub;
const A = '07627'; // commune Đại Sơn
const B = 'STP'; // Sở Tư pháp
const at = (s: string) => new Date(s);

async function publish(overrides: Record<string, unknown>): Promise<string> {
  const res = await hub.api.post('/items?publish=true', sampleItem(overrides));
  expect(res.status).toBe(201);
  return res.data.data.documentId;
}

/** Records the fate of one delivery as the engine/review would have. */
async function settle(item: string, portal: string, patch: Record<string, unknown>) {
  const n = await hub.strapi.db.connection('syndication_deliveries').where({ item_document_id: item, portal_code: portal }).update(patch);
  expect(n).toBe(1);
}

beforeAll(async () => {
  hub = await bootHub({ env: { SYNDICATION_EMBEDDED_WORKER: 'false' } });
  // I1 8.1.c issued Fri 13 Feb 2026 → due end of Tue 24 Feb (Tết): A live on 24 Feb (on time), B on 25 Feb (late), UBND (province: not in row 14).
  const i1 = await publish({ issuedAt: '2026-02-13T09:00:00+07:00', targets: { scope: 'portals', portals: [A, B, 'UBND'] } });
  await settle(i1, A, { status: 'delivered', portal_published_at: at('2026-02-24T10:00:00+07:00') });
  await settle(i1, B, { status: 'published', portal_published_at: at('2026-02-25T09:00:00+07:00') });
  await settle(i1, 'UBND', { status: 'delivered', portal_published_at: at('2026-02-13T10:00:00+07:00') });
  // I2 8.1.c issued Mon 2 Mar 2026 → due Wed 4 Mar: A never live (failed: late); B's board declined it (not counted).
  const i2 = await publish({ title: 'Chỉ đạo về phòng cháy', issuedAt: '2026-03-02T09:00:00+07:00', targets: { scope: 'portals', portals: [A, B] } });
  await settle(i2, A, { status: 'failed' });
  await settle(i2, B, { status: 'rejected' });
  // I3 8.1.c issued 15 Jul 2026 (second half): A live next day (on time).
  const i3 = await publish({ title: 'Chỉ đạo về mùa mưa bão', issuedAt: '2026-07-15T09:00:00+07:00', targets: { scope: 'portals', portals: [A] } });
  await settle(i3, A, { status: 'delivered', portal_published_at: at('2026-07-16T09:00:00+07:00') });
  // I4 8.1.b (news, not row 14) issued 10 Feb 2026: A live 11 Feb.
  const i4 = await publish({ title: 'Tin hoạt động', category: '8.1.b', kind: null, issuedAt: '2026-02-10T09:00:00+07:00', targets: { scope: 'portals', portals: [A] } });
  await settle(i4, A, { status: 'delivered', portal_published_at: at('2026-02-11T09:00:00+07:00') });
  // I5 8.1.c issued 5 May 2026, withdrawn by the province: not counted.
  const i5 = await publish({ title: 'Tin đã rút', issuedAt: '2026-05-05T09:00:00+07:00', targets: { scope: 'portals', portals: [A] } });
  await settle(i5, A, { status: 'withdrawn', event: 'item.withdrawn' });
  // I6 8.1.c issued in 2099: open and not yet due.
  await publish({ title: 'Tin tương lai', issuedAt: '2099-03-02T09:00:00+07:00', targets: { scope: 'portals', portals: [A] } });
  // I7 8.1.d (provincial policy, row 14 too) issued 2 Feb 2026 → due 12 working days later: B live 3 Feb (on time; scoring "law" criterion).
  const i7 = await publish({ title: 'Phổ biến chính sách mới', category: '8.1.d', kind: null, issuedAt: '2026-02-02T09:00:00+07:00', targets: { scope: 'portals', portals: [B] } });
  await settle(i7, B, { status: 'delivered', portal_published_at: at('2026-02-03T09:00:00+07:00') });
});

afterAll(async () => {
  await hub?.stop();
});

const row14 = (rows: any[]) => rows.find((r) => r.row === '14');

describe('Art. 15 report', () => {
  it('JSON: row 14 per portal and for the province, other rows present and empty (H1 2026)', async () => {
    const res = await hub.api.get('/reports/art15', { params: { from: '2026-01-01', to: '2026-06-30' } });
    expect(res.status).toBe(200);
    expect(res.data.period).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(res.data.portals).toHaveLength(119);
    const by = new Map(res.data.portals.map((p: any) => [p.code, p]));
    expect(row14((by.get(A) as any).rows)).toMatchObject({ total: 2, onTime: 1, late: 1 });
    expect(row14((by.get(B) as any).rows)).toMatchObject({ total: 2, onTime: 1, late: 1 }); // I1 late, I7 (8.1.d policy) on time
    expect(row14((by.get('07615') as any).rows)).toMatchObject({ total: 0, onTime: 0, late: 0 });
    expect(row14((by.get('UBND') as any).rows)).toMatchObject({ total: null, onTime: null, late: null }); // component portals only
    expect(row14(res.data.province.rows)).toMatchObject({ total: 4, onTime: 2, late: 2 });
    const rows = (by.get(A) as any).rows;
    expect(rows.map((r: any) => r.row)).toEqual(ART15_ROWS.map((r) => r.row));
    expect(rows.find((r: any) => r.row === '3.1')).toMatchObject({ label: expect.stringContaining('Ý kiến chỉ đạo'), total: null, onTime: null, late: null });
  });

  it('a yearly preset and a single portal; open copies not yet due are neither on time nor late', async () => {
    const year = await hub.api.get('/reports/art15', { params: { period: '2026', portal: A } });
    expect(year.status).toBe(200);
    expect(year.data.period).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(year.data.portals.map((p: any) => p.code)).toEqual([A]);
    expect(row14(year.data.portals[0].rows)).toMatchObject({ total: 3, onTime: 2, late: 1 });
    expect(row14(year.data.province.rows)).toMatchObject({ total: 5, onTime: 3, late: 2 });
    const h2 = await hub.api.get('/reports/art15', { params: { period: '2026-H2', portal: A } });
    expect(h2.data.period).toEqual({ from: '2026-07-01', to: '2026-12-31' });
    expect(row14(h2.data.portals[0].rows)).toMatchObject({ total: 1, onTime: 1, late: 0 });
    const future = await hub.api.get('/reports/art15', { params: { from: '2099-01-01', to: '2099-12-31', portal: A } });
    expect(row14(future.data.portals[0].rows)).toMatchObject({ total: 1, onTime: 0, late: 0, open: 1 });
  });

  it('refuses a bad period with field paths', async () => {
    const res = await hub.api.get('/reports/art15', { params: { from: '2026-07-01', to: '2026-06-30' } });
    expect(res.status).toBe(400);
    expect(res.data.error.details.errors[0].path).toEqual(['to']);
    const missing = await hub.api.get('/reports/art15', { params: { format: 'pdf' } });
    expect(missing.status).toBe(400);
    expect(missing.data.error.details.errors.map((e: any) => e.path[0]).sort()).toEqual(['format']);
    expect((await hub.api.get('/reports/art15', { params: { period: '2026', portal: 'NOPE' } })).status).toBe(404);
  });

  it('CSV: the same counts, one line per template row and portal', async () => {
    const res = await hub.api.get('/reports/art15', { params: { from: '2026-01-01', to: '2026-06-30', format: 'csv' }, responseType: 'text' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/bao-cao-dieu-15-2026-01-01-2026-06-30\.csv/);
    const lines = parseCsv(String(res.data).replace(/^\uFEFF/, ''));
    const line = (code: string) => lines.find((l) => l['Mã cổng'] === code && l.STT === '14')!;
    expect(line(A)).toMatchObject({ 'Đúng hạn': '1', 'Quá hạn': '1', 'Số lượng': '2' });
    expect(line(B)).toMatchObject({ 'Đúng hạn': '1', 'Quá hạn': '1', 'Số lượng': '2' });
    expect(line('')).toMatchObject({ 'Tên cổng': expect.stringContaining('toàn tỉnh'), 'Đúng hạn': '2', 'Quá hạn': '2', 'Số lượng': '4' });
    expect(lines.filter((l) => l['Mã cổng'] === A)).toHaveLength(ART15_ROWS.length);
  });

  it('XLSX: the appendix layout, one sheet per portal plus the consolidated sheet', async () => {
    const res = await hub.api.get('/reports/art15', { params: { from: '2026-01-01', to: '2026-06-30', format: 'xlsx' }, responseType: 'arraybuffer' });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(res.data));
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('Toàn tỉnh');
    expect(names).toHaveLength(120);
    expect(names).toEqual(expect.arrayContaining([A, B, 'UBND']));
    const check = (name: string, onTime: number, late: number, total: number) => {
      const ws = wb.getWorksheet(name)!;
      expect(ws.getCell('A1').value).toBe('BÁO CÁO');
      expect(String(ws.getCell('A3').value)).toBe('(Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 30/06/2026)');
      expect([ws.getCell('A5').value, ws.getCell('B5').value, ws.getCell('C5').value, ws.getCell('E5').value, ws.getCell('F5').value]).toEqual(['STT', 'Nội dung thông tin', 'Thời gian cập nhật', 'Số lượng', 'Ghi chú']);
      expect([ws.getCell('C6').value, ws.getCell('D6').value]).toEqual(['Đúng hạn', 'Quá hạn']);
      const numbers = ART15_ROWS.map((_, i) => ws.getCell(`A${7 + i}`).value ?? '');
      expect(numbers).toEqual(ART15_ROWS.map((r) => r.row));
      const r14 = 7 + ART15_ROWS.findIndex((r) => r.row === '14');
      expect(String(ws.getCell(`B${r14}`).value)).toMatch(/^Tin, bài về hoạt động chỉ đạo điều hành của lãnh đạo tỉnh/);
      expect([ws.getCell(`C${r14}`).value, ws.getCell(`D${r14}`).value, ws.getCell(`E${r14}`).value]).toEqual([onTime, late, total]);
      const r31 = 7 + ART15_ROWS.findIndex((r) => r.row === '3.1');
      expect([ws.getCell(`C${r31}`).value, ws.getCell(`D${r31}`).value, ws.getCell(`E${r31}`).value]).toEqual([null, null, null]);
    };
    check(A, 1, 1, 2);
    check(B, 1, 1, 2);
    check('Toàn tỉnh', 2, 2, 4);
    expect(String(wb.getWorksheet(A)!.getCell('A2').value)).toBe('Báo cáo kết quả cung cấp thông tin trên Cổng TTĐT Đại Sơn');
  });
});

describe('monthly scoring inputs (Plan 65, Appendices 1 and 2)', () => {
  it('counts the items live in the month and finds the band; unreadable points stay null and flagged', async () => {
    const res = await hub.api.get('/reports/scoring', { params: { month: '2026-02' } });
    expect(res.status).toBe(200);
    const by = new Map(res.data.data.portals.map((p: any) => [p.code, p]));
    expect(by.has('UBND')).toBe(false);
    expect(by.size).toBe(118);
    const a = by.get(A) as any;
    expect(a.criteria.find((c: any) => c.key === 'news')).toMatchObject({ count: 2, points: null, needsConfiguration: true, band: expect.stringContaining('từ 2 đến 4') });
    expect(a.criteria.find((c: any) => c.key === 'law')).toMatchObject({ count: 0, points: 0 });
    const b = by.get(B) as any;
    expect(b.criteria.find((c: any) => c.key === 'law')).toMatchObject({ count: 1, points: 2, needsConfiguration: false, band: 'Văn bản, tin, bài dưới 2' });
    expect(b.criteria.find((c: any) => c.key === 'news')).toMatchObject({ count: 1, points: null, needsConfiguration: true });
    expect((await hub.api.get('/reports/scoring', { params: { month: '2026-13' } })).status).toBe(400);
  });
});

describe('coverage', () => {
  it('lists a gap for a required category without a section, and clears it once the section is mapped', async () => {
    const before = await hub.api.get('/coverage', { params: { portal: A } });
    expect(before.status).toBe(200);
    const c = (data: any[], cat: string) => data.find((x) => x.category === cat);
    expect(c(before.data.data, '8.1.c')).toMatchObject({ portal: A, required: true, section: null, status: 'gap', lastUpdatedAt: new Date('2026-07-16T09:00:00+07:00').toISOString() });
    expect(c(before.data.data, '8.2.a')).toMatchObject({ required: false, status: 'not_required' });
    const gaps = await hub.api.get('/coverage', { params: { tier: 'commune', status: 'gap' } });
    expect(gaps.data.data.some((x: any) => x.portal === A && x.category === '8.1.c')).toBe(true);

    expect((await hub.api.put(`/portals/${A}`, { sectionMap: { '8.1.c': 'chi-dao-dieu-hanh', '8.1.m': 'tiep-can-thong-tin' } })).status).toBe(200);
    const after = (await hub.api.get('/coverage', { params: { portal: A } })).data.data;
    // Mapped now; the last copy (16 Jul 2026) is older than the 31-day interval of 8.1.c.
    expect(c(after, '8.1.c')).toMatchObject({ section: 'chi-dao-dieu-hanh', status: 'stale' });
    expect(c(after, '8.1.m')).toMatchObject({ section: 'tiep-can-thong-tin', status: 'covered' });
    const stillGaps = await hub.api.get('/coverage', { params: { portal: A, status: 'gap' } });
    expect(stillGaps.data.data.some((x: any) => x.category === '8.1.c')).toBe(false);
    expect((await hub.api.get('/coverage', { params: { status: 'missing' } })).status).toBe(400);
  });
});
