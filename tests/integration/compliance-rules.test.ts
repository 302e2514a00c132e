/**
 * Decision 96 compliance, part 1 (issue 8): the working-day calendar and category
 * rules over the API, deadlines that follow edits, across two processes.
 * Portals have no endpoint here, so every delivery stays open (skipped) and its
 * deadline can move.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import { ROOT, bootHub, hubEnv, waitFor, type Hub } from '../helpers/hub';
import { deliveries, sampleItem } from '../helpers/portals';

let hub: Hub;
let child: ChildProcess | null = null;
let other: AxiosInstance;

const FRI_13_FEB_2026 = '2026-02-13T09:00:00+07:00';
const endOfDayVn = (date: string) => new Date(Date.parse(`${date}T23:59:59.999Z`) - 7 * 3600 * 1000).toISOString();

beforeAll(async () => {
  hub = await bootHub({ env: { SYNDICATION_EMBEDDED_WORKER: 'false' } });
});

afterAll(async () => {
  if (child && child.exitCode == null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await hub?.stop();
});

async function startSecondProcess(): Promise<AxiosInstance> {
  const env = { ...process.env, ...hubEnv({ dbFile: hub.dbFile, pgName: hub.dbFile ? null : (hub.strapi.config.get('database.connection.connection.database') as string), prefix: hub.prefix }), SYNDICATION_SEED_REGISTRY: 'false', SYNDICATION_EMBEDDED_WORKER: 'true' };
  child = spawn(process.execPath, [path.join(ROOT, 'tests', 'helpers', 'child-hub.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const url = await waitFor('second process listening', () => {
    if (child!.exitCode != null) throw new Error(`second process exited: ${err}`);
    const line = out.split('\n').find((l) => l.startsWith('{'));
    return line ? (JSON.parse(line).url as string) : null;
  }, 120000, 200);
  return axios.create({ baseURL: `${url}/api/syndication`, headers: { Authorization: `Bearer ${hub.token}` }, validateStatus: () => true });
}

const deadlineOf = async (documentId: string, portal: string) => (await deliveries(hub, documentId)).deliveries.find((d) => d.portal === portal)?.deadlineAt;

describe('calendar API', () => {
  it('lists the non-ordinary days of 2026 with their sources', async () => {
    const res = await hub.api.get('/calendar', { params: { year: 2026 } });
    expect(res.status).toBe(200);
    const byDate = new Map(res.data.data.map((e: any) => [e.date, e]));
    for (const d of ['2026-02-16', '2026-02-20', '2026-04-27', '2026-09-01', '2026-09-02']) expect(byDate.get(d)).toMatchObject({ type: 'holiday' });
    expect(res.data.data.every((e: any) => e.source && e.name)).toBe(true);
  });

  it('refuses a bad year, date or type with field paths, Vietnamese first', async () => {
    const noYear = await hub.api.get('/calendar');
    expect(noYear.status).toBe(400);
    expect(noYear.data.error.details.errors[0].path).toEqual(['year']);
    const badDate = await hub.api.put('/calendar/2026-02-30', { type: 'holiday', name: 'x' });
    expect(badDate.status).toBe(400);
    expect(badDate.data.error.message).toMatch(/^date: Ngày .* \/ Date/);
    const badType = await hub.api.put('/calendar/2026-11-23', { type: 'off', name: 'x' });
    expect(badType.status).toBe(400);
    expect(badType.data.error.details.errors[0].path).toEqual(['type']);
    expect((await hub.api.delete('/calendar/2026-11-23')).status).toBe(404);
  });

  it("an administrator's added day off moves open deadlines, and deleting it moves them back", async () => {
    const created = await hub.api.post('/items?publish=true', sampleItem({ issuedAt: FRI_13_FEB_2026, targets: { scope: 'portals', portals: ['07627', 'STP'] } }));
    expect(created.status).toBe(201);
    const id = created.data.data.documentId;
    expect(await deadlineOf(id, '07627')).toBe(endOfDayVn('2026-02-24'));

    const put = await hub.api.put('/calendar/2026-02-23', { type: 'holiday', name: 'Nghỉ thêm sau Tết' });
    expect(put.status).toBe(200);
    expect(put.data.data).toMatchObject({ date: '2026-02-23', type: 'holiday', name: 'Nghỉ thêm sau Tết' });
    expect(await deadlineOf(id, '07627')).toBe(endOfDayVn('2026-02-25'));
    expect(await deadlineOf(id, 'STP')).toBe(endOfDayVn('2026-02-25'));
    const listed = (await hub.api.get('/calendar', { params: { year: 2026 } })).data.data.find((e: any) => e.date === '2026-02-23');
    expect(listed).toMatchObject({ type: 'holiday', name: 'Nghỉ thêm sau Tết', admin: true });

    expect((await hub.api.delete('/calendar/2026-02-23')).status).toBe(204);
    expect(await deadlineOf(id, '07627')).toBe(endOfDayVn('2026-02-24'));
  });
});

describe('deadlines follow the item', () => {
  it("editing issuedAt moves the open deliveries' deadlines; a copy never live by its deadline is late (onTime false, overdue)", async () => {
    const created = await hub.api.post('/items?publish=true', sampleItem({ issuedAt: '2025-04-29T09:00:00+07:00', targets: { scope: 'portals', portals: ['07627'] } }));
    const id = created.data.data.documentId;
    const before = (await deliveries(hub, id)).deliveries[0];
    expect(before.deadlineAt).toBe(endOfDayVn('2025-05-06'));
    expect(before.onTime).toBe(false); // 2025 is long past and the copy never went live
    expect(before.overdue).toBe(true);

    const edited = await hub.api.put(`/items/${id}`, { title: sampleItem().title, issuedAt: '2026-04-24T09:00:00+07:00' });
    expect(edited.status).toBe(200); // (the item API's PUT takes the whole item)
    expect(await deadlineOf(id, '07627')).toBe(endOfDayVn('2026-04-29'));
  });
});

describe('category rules', () => {
  it('8.1.e without its number/symbol is refused with a 400 naming the field', async () => {
    const res = await hub.api.post('/items?publish=true', {
      title: 'Quyết định ban hành quy chế',
      category: '8.1.e',
      documentForm: 'Quyết định',
      issuer: 'UBND tỉnh Bắc Ninh',
      issuedAt: FRI_13_FEB_2026,
      effectiveAt: '2026-02-13',
      summary: 'Ban hành quy chế phối hợp',
      documentUrl: 'https://bacninh.gov.vn/van-ban/12-qd-ubnd.pdf',
      targets: { scope: 'portals', portals: ['STP', '07627'] },
    });
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(/^documentNumber: Chuyên mục 8\.1\.e bắt buộc có số, ký hiệu văn bản \/ Category 8\.1\.e requires the number and symbol/);
    expect(res.data.error.details.errors.map((e: any) => e.path.join('.'))).toEqual(['documentNumber']);
  });

  it('8.1.c without issuedAt is refused', async () => {
    const res = await hub.api.post('/items?publish=true', sampleItem({ issuedAt: null }));
    expect(res.status).toBe(400);
    expect(res.data.error.details.errors[0].path).toEqual(['issuedAt']);
  });

  it('a complete 8.1.e reaches exactly the issuer and the chosen agencies: 2 working days for the issuer, 8 for the others', async () => {
    const res = await hub.api.post('/items?publish=true', {
      title: 'Quyết định 12/2026/QĐ-UBND ban hành quy chế phối hợp',
      category: '8.1.e',
      documentForm: 'Quyết định',
      issuer: 'UBND tỉnh Bắc Ninh',
      documentNumber: '12/2026/QĐ-UBND',
      issuedAt: FRI_13_FEB_2026,
      effectiveAt: '2026-03-01',
      summary: 'Ban hành quy chế phối hợp cung cấp thông tin',
      documentUrl: 'https://bacninh.gov.vn/van-ban/12-2026-qd-ubnd.pdf',
      targets: { scope: 'portals', portals: ['STP', '07627'] },
    });
    expect(res.status).toBe(201);
    const d = await deliveries(hub, res.data.data.documentId);
    expect(d.deliveries.map((x) => x.portal).sort()).toEqual(['07627', 'STP', 'UBND']);
    const by = new Map(d.deliveries.map((x) => [x.portal, x.deadlineAt]));
    expect(by.get('UBND')).toBe(endOfDayVn('2026-02-24'));
    // 8 working days from Fri 13 Feb 2026 across Tết: 23, 24, 25, 26, 27 Feb, 2, 3, 4 Mar
    expect(by.get('STP')).toBe(endOfDayVn('2026-03-04'));
    expect(by.get('07627')).toBe(endOfDayVn('2026-03-04'));
  });

  it('refuses an invalid rule edit with field paths', async () => {
    const res = await hub.api.put('/category-rules/8.1.c', { deadlines: { commune: { unit: 'weeks', days: 3 } } });
    expect(res.status).toBe(400);
    expect(res.data.error.details.errors[0].path).toEqual(['deadlines', 'commune', 'unit']);
    expect((await hub.api.put('/category-rules/9.9.z', { note: 'x' })).status).toBe(404);
  });

  it('a deadline edit for one tier keeps the other tiers', async () => {
    const res = await hub.api.put('/category-rules/8.1.k', { deadlines: { commune: { unit: 'working', days: 4 } } });
    expect(res.status).toBe(200);
    expect(res.data.data.deadlines).toEqual({ province: { unit: 'working', days: 2 }, department: { unit: 'working', days: 2 }, commune: { unit: 'working', days: 4 } });
    expect((await hub.api.get('/category-rules/8.1.k')).data.data.deadlines.commune).toEqual({ unit: 'working', days: 4 });
  });

  it("a rule edit applies at once in this process and in a separate process, and moves open deadlines", async () => {
    other = await startSecondProcess();
    // Both processes have read the rules before the edit (their caches are warm).
    const warm = await other.post('/items?publish=true', sampleItem({ issuedAt: FRI_13_FEB_2026, targets: { scope: 'portals', portals: ['07615'] } }));
    expect(warm.status).toBe(201);
    expect(await deadlineOf(warm.data.data.documentId, '07615')).toBe(endOfDayVn('2026-02-24'));

    const edit = await hub.api.put('/category-rules/8.1.c', { deadlines: { province: { unit: 'working', days: 2 }, department: { unit: 'working', days: 2 }, commune: { unit: 'working', days: 3 } } });
    expect(edit.status).toBe(200);
    expect(edit.data.data.deadlines.commune).toEqual({ unit: 'working', days: 3 });
    // the open delivery created before the edit moved
    expect(await deadlineOf(warm.data.data.documentId, '07615')).toBe(endOfDayVn('2026-02-25'));

    const viaOther = await other.post('/items?publish=true', sampleItem({ issuedAt: FRI_13_FEB_2026, targets: { scope: 'portals', portals: ['07627'] } }));
    const viaHub = await hub.api.post('/items?publish=true', sampleItem({ issuedAt: FRI_13_FEB_2026, targets: { scope: 'portals', portals: ['07627', 'STP'] } }));
    expect(await deadlineOf(viaOther.data.data.documentId, '07627')).toBe(endOfDayVn('2026-02-25'));
    expect(await deadlineOf(viaHub.data.data.documentId, '07627')).toBe(endOfDayVn('2026-02-25'));
    expect(await deadlineOf(viaHub.data.data.documentId, 'STP')).toBe(endOfDayVn('2026-02-24'));
  });

  it('an edit made in the Content Manager (document service) moves open deadlines too', async () => {
    const created = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin 8.1.d', category: '8.1.d', kind: null, issuedAt: FRI_13_FEB_2026, targets: { scope: 'portals', portals: ['SXD'] } }));
    expect(created.status).toBe(201);
    const id = created.data.data.documentId;
    // 12 working days from Fri 13 Feb 2026: 23–27 Feb, 2–6 Mar, 9–10 Mar
    expect(await deadlineOf(id, 'SXD')).toBe(endOfDayVn('2026-03-10'));
    const rule = await hub.strapi.db.query('plugin::syndication.category-rule').findOne({ where: { code: '8.1.d' } });
    await hub.strapi.documents('plugin::syndication.category-rule').update({ documentId: rule.documentId, data: { deadlines: { ...rule.deadlines, department: { unit: 'plain', days: 2 } } } });
    expect(await deadlineOf(id, 'SXD')).toBe(endOfDayVn('2026-02-15'));
    await hub.strapi.documents('plugin::syndication.category-rule').update({ documentId: rule.documentId, data: { deadlines: rule.deadlines } });
    expect(await deadlineOf(id, 'SXD')).toBe(endOfDayVn('2026-03-10'));
    await hub.strapi.documents('plugin::syndication.calendar-day').create({ data: { date: '2026-03-09', type: 'holiday', name: 'Nghỉ thử' } });
    expect(await deadlineOf(id, 'SXD')).toBe(endOfDayVn('2026-03-11'));
  });

  it('applies the Plan 65 commune preset', async () => {
    const res = await hub.api.post('/category-rules/presets/plan-65-commune');
    expect(res.status).toBe(200);
    const rules = new Map(res.data.data.map((r: any) => [r.code, r]));
    expect((rules.get('8.1.a') as any).deadlines).toMatchObject({ commune: { unit: 'working', days: 3 }, department: { unit: 'working', days: 2 } });
    expect((rules.get('8.1.g') as any).deadlines.commune).toEqual({ unit: 'working', days: 5 });
    expect((await hub.api.post('/category-rules/presets/nope')).status).toBe(404);
  });
});
