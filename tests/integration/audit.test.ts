/**
 * The audit log (issue #9 §5): every action — publish, edit, withdraw, approve, reject,
 * retry, pause, resume, portal change, secret rotation — is recorded with who (admin user
 * or API token), when and from which address, with before/after for configuration
 * changes; syndication administrators list, filter and export it as CSV; nothing
 * (no route, no SQL UPDATE/DELETE) changes it.
 */
import axios from 'axios';
import { adminSession, type AdminSession } from '../helpers/admin';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, sampleItem, type Simulator } from '../helpers/portals';

let hub: Hub;
let sim: Simulator;
let admin: AdminSession;
let editor: AdminSession;
let A: string;
let B: string;
let tokenName: string;

beforeAll(async () => {
  hub = await bootHub({ env: { SYNDICATION_RETRY_SCHEDULE: '0.2', SYNDICATION_RECONCILE_INTERVAL_MS: '1000' } });
  [A, B] = await hub.strapi.db.connection('syndication_portals').where({ tier: 'commune' }).orderBy('code').limit(2).pluck('code');
  sim = await attachSimulator(hub, { codes: [A, B] });
  admin = await adminSession(hub, { roles: ['Quản trị đồng bộ'], firstname: 'Quản trị' });
  editor = await adminSession(hub, { roles: ['Biên tập viên cổng thành phần'] });
  tokenName = (await hub.strapi.db.connection('strapi_api_tokens').where('name', 'like', 'test-%').first()).name;
});

afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

const entries = async (params: Record<string, unknown> = {}) => {
  const res = await admin.admin.get('/audit', { params: { pageSize: 200, ...params } });
  expect(res.status).toBe(200);
  return res.data.data as any[];
};
const latest = async (action: string) => (await entries({ action }))[0];
const byToken = (e: any) => {
  expect(e).toMatchObject({ actorType: 'api-token', actor: `API token "${tokenName}"` });
  expect(e.ip).toMatch(/127\.0\.0\.1$/);
  expect(Date.now() - Date.parse(e.at)).toBeLessThan(120000);
};

describe('what is recorded', () => {
  let itemId: string;

  it('publish, edit and withdraw of an item (API token, address, time)', async () => {
    const targets = { scope: 'portals', portals: [A, B] };
    const res = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin để ghi nhật ký', targets }));
    expect(res.status).toBe(201);
    itemId = res.data.data.documentId;
    await waitFor('delivered', async () => (await deliveries(hub, itemId)).summary.byStatus.delivered === 2);
    expect((await hub.api.put(`/items/${itemId}`, { title: 'Tin để ghi nhật ký (sửa)' })).status).toBe(200);

    const publish = await latest('item.publish');
    byToken(publish);
    expect(publish).toMatchObject({ targetType: 'item', targetId: itemId, details: { title: 'Tin để ghi nhật ký' } });
    const edit = await latest('item.edit');
    byToken(edit);
    expect(edit).toMatchObject({ targetId: itemId, details: { title: 'Tin để ghi nhật ký (sửa)' } });
  });

  it('retry of a failed delivery (admin user)', async () => {
    sim.setFault(B, { mode: 'error', status: 400 });
    const res = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin gửi lỗi', targets: { scope: 'portals', portals: [B] } }));
    const d = await waitFor('failed', async () => {
      const x = (await deliveries(hub, res.data.data.documentId)).deliveries[0];
      return x.status === 'failed' ? x : false;
    });
    sim.setFault(B, { mode: 'healthy' });
    expect((await admin.admin.post(`/deliveries/${d.id}/retry`)).status).toBe(200);
    const e = await latest('delivery.retry');
    expect(e).toMatchObject({ actorType: 'admin', actorId: String(admin.id), targetType: 'delivery', targetId: String(d.id), details: { portal: B } });
    expect(e.actor).toContain(admin.email);
    expect(e.ip).toMatch(/127\.0\.0\.1$/);
  });

  it('approve and reject (admin user), with the reason', async () => {
    await hub.api.put(`/portals/${A}`, { publishMode: 'review' });
    await hub.api.put(`/portals/${B}`, { publishMode: 'review' });
    const res = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin chờ duyệt', targets: { scope: 'portals', portals: [A, B] } }));
    const ds = await waitFor('awaiting review', async () => {
      const x = await deliveries(hub, res.data.data.documentId);
      return x.summary.byStatus.awaiting_review === 2 ? x.deliveries : false;
    });
    const [dA, dB] = [ds.find((x: any) => x.portal === A), ds.find((x: any) => x.portal === B)];
    expect((await admin.admin.post(`/deliveries/${dA.id}/approve`)).status).toBe(200);
    expect((await admin.admin.post(`/deliveries/${dB.id}/reject`, { reason: 'Không phù hợp chuyên mục' })).status).toBe(200);
    expect(await latest('delivery.approve')).toMatchObject({ actorType: 'admin', targetId: String(dA.id), details: { portal: A } });
    expect(await latest('delivery.reject')).toMatchObject({ actorType: 'admin', targetId: String(dB.id), details: { portal: B, reason: 'Không phù hợp chuyên mục' } });
  });

  it('withdraw', async () => {
    expect((await hub.api.post(`/items/${itemId}/withdraw`)).status).toBe(200);
    const e = await latest('item.withdraw');
    byToken(e);
    expect(e.targetId).toBe(itemId);
  });

  it('pause, resume and other portal changes with before/after; secret rotation without the secret', async () => {
    await hub.api.put(`/portals/${A}`, { active: false });
    await hub.api.put(`/portals/${A}`, { active: true });
    await hub.api.put(`/portals/${A}`, { contactEmail: 'bbt@xa-a.bacninh.gov.vn', publishMode: 'live' });
    const rotated = (await hub.api.post(`/portals/${A}/rotate-secret`, { overlapHours: 1 })).data.data.secret;

    const pause = await latest('portal.pause');
    byToken(pause);
    expect(pause).toMatchObject({ targetType: 'portal', targetId: A, before: { active: true }, after: { active: false } });
    expect(await latest('portal.resume')).toMatchObject({ before: { active: false }, after: { active: true } });
    const update = await latest('portal.update');
    expect(update.before).toMatchObject({ contactEmail: null, publishMode: 'review' });
    expect(update.after).toMatchObject({ contactEmail: 'bbt@xa-a.bacninh.gov.vn', publishMode: 'live' });
    // The same from the Portals screen (admin routes), by an administrator.
    expect((await admin.admin.post(`/portals/${B}/pause`, { reason: 'Bảo trì máy chủ' })).status).toBe(200);
    expect(await latest('portal.pause')).toMatchObject({ actorType: 'admin', targetId: B, before: { active: true }, after: { active: false }, details: { reason: 'Bảo trì máy chủ' } });
    expect((await admin.admin.post(`/portals/${B}/resume`)).status).toBe(200);
    expect(await latest('portal.resume')).toMatchObject({ actorType: 'admin', targetId: B, after: { active: true } });
    const rotation = await latest('portal.secret.rotate');
    byToken(rotation);
    expect(rotation.targetId).toBe(A);
    expect(JSON.stringify(await entries())).not.toContain(rotated.slice(6, 20));
  });
});

describe('calendar and category rules', () => {
  it('a calendar day and a category rule change, with before/after', async () => {
    expect((await hub.api.put('/calendar/2026-12-24', { type: 'holiday', name: 'Nghỉ bù thử' })).status).toBe(200);
    const day = await latest('calendar.update');
    byToken(day);
    expect(day).toMatchObject({ targetType: 'calendar-day', targetId: '2026-12-24', before: null, after: { type: 'holiday', name: 'Nghỉ bù thử' } });
    expect((await hub.api.delete('/calendar/2026-12-24')).status).toBe(204);
    expect(await latest('calendar.update')).toMatchObject({ before: { name: 'Nghỉ bù thử' }, after: null });

    const rule = (await hub.api.get('/category-rules/8.1.c')).data.data;
    expect((await admin.admin.put('/category-rules/8.1.c', { note: 'Ghi chú kiểm toán' })).status).toBe(200);
    const change = await latest('category-rule.update');
    expect(change).toMatchObject({ actorType: 'admin', targetId: '8.1.c', before: { note: rule.note ?? null }, after: { note: 'Ghi chú kiểm toán' } });
  });
});

describe('reading it', () => {
  it('filters by action prefix, actor type, actor text, target and time', async () => {
    const portalOnes = await entries({ action: 'portal.' });
    expect(portalOnes.length).toBeGreaterThanOrEqual(4);
    expect(portalOnes.every((e) => e.action.startsWith('portal.'))).toBe(true);
    const admins = await entries({ actorType: 'admin' });
    expect(admins.length).toBeGreaterThanOrEqual(3);
    expect(admins.every((e) => e.actorType === 'admin')).toBe(true);
    expect((await entries({ actor: admin.email.toUpperCase() })).length).toBe(admins.length);
    expect((await entries({ targetType: 'portal', targetId: A })).every((e) => e.targetId === A)).toBe(true);
    expect(await entries({ from: new Date(Date.now() + 3600e3).toISOString() })).toEqual([]);
    const page = await admin.admin.get('/audit', { params: { pageSize: 2, page: 2 } });
    expect(page.data.data).toHaveLength(2);
    expect(page.data.meta.pagination).toMatchObject({ page: 2, pageSize: 2 });
    expect(page.data.meta.pagination.total).toBeGreaterThan(8);
  });

  it('refuses bad filters with field paths', async () => {
    const res = await admin.admin.get('/audit', { params: { pageSize: 1000, from: 'hôm qua', actorType: 'root', sort: 'id' } });
    expect(res.status).toBe(400);
    expect(res.data.error.details.errors.map((e: any) => e.path.join('.')).sort()).toEqual(expect.arrayContaining(['from', 'pageSize', 'actorType']));
  });

  it('exports the filtered entries as CSV', async () => {
    const res = await admin.admin.get('/audit/export', { params: { action: 'portal.' }, responseType: 'text' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="syndication-audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = String(res.data).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actorType,actor,action,targetType,targetId,ip,before,after,details');
    expect(lines.length - 1).toBe((await entries({ action: 'portal.' })).length);
    expect(lines.slice(1).every((l) => /,portal\./.test(l))).toBe(true);
  });

  it('is refused to users without the audit permission, and to nobody logged in', async () => {
    expect((await editor.admin.get('/audit')).status).toBe(403);
    expect((await editor.admin.get('/audit/export')).status).toBe(403);
    expect((await axios.get(`${hub.url}/syndication/audit`, { validateStatus: () => true })).status).toBe(401);
  });
});

describe('append-only', () => {
  it('no route changes an entry, and the Content Manager does not offer the type', async () => {
    const [first] = await entries();
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const res = await admin.admin.request({ method, url: `/audit/${first.id}`, data: { action: 'x' } });
      expect([404, 405]).toContain(res.status);
    }
    const cm = await axios.get(`${hub.url}/content-manager/collection-types/plugin::syndication.audit-entry`, {
      headers: { Authorization: `Bearer ${admin.token}` },
      validateStatus: () => true,
    });
    expect([403, 404]).toContain(cm.status);
    expect((await hub.api.get('/audit')).status).toBe(404);
  });

  it('the database refuses UPDATE and DELETE on the table', async () => {
    const knex = hub.strapi.db.connection;
    const before = await knex('syndication_audit_log').count({ n: '*' });
    expect(Number(before[0].n)).toBeGreaterThan(0);
    const refusal = async (attempt: () => Promise<unknown>) => {
      try {
        return `not refused: ${JSON.stringify(await attempt())}`;
      } catch (e: any) {
        return String(e?.message ?? e);
      }
    };
    expect(await refusal(() => knex('syndication_audit_log').update({ action: 'forged' }))).toMatch(/append-only/);
    expect(await refusal(() => knex('syndication_audit_log').del())).toMatch(/append-only/);
    expect(await refusal(() => hub.strapi.db.query('plugin::syndication.audit-entry').deleteMany({}))).toMatch(/append-only/);
    expect(await knex('syndication_audit_log').count({ n: '*' })).toEqual(before);
    const [{ n }] = await knex('syndication_audit_log').where({ action: 'forged' }).count({ n: '*' });
    expect(Number(n)).toBe(0);
  });
});
