/**
 * The admin screens' API (controllers/operations.ts) as the syndication administrator
 * uses it: overview counts, the portal × item matrix, items at risk, the failures list,
 * one delivery's history and payload, retries of a selection, and the portal actions
 * (pause/resume, test delivery, secret rotation, edit). Real Strapi, Redis and HTTP
 * receivers; the scoping of every one of these routes is in rbac.test.ts.
 */
import { adminSession, type AdminSession } from '../helpers/admin';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, sampleItem, type Simulator } from '../helpers/portals';

let hub: Hub;
let sim: Simulator;
let admin: AdminSession;
let live: string, review: string, refused: string, failing: string, commune: string;
let item: string;

const progress = async () => (await admin.admin.get(`/items/${item}/progress`)).data.data;
const byPortal = async () => Object.fromEntries((await progress()).deliveries.map((d: any) => [d.portal, d]));

beforeAll(async () => {
  // One retry, a minute later: a failing portal stays "retrying" for the whole file.
  hub = await bootHub({ env: { SYNDICATION_RETRY_SCHEDULE: '60', SYNDICATION_REQUEST_TIMEOUT_MS: '2000' } });
  const knex = hub.strapi.db.connection;
  [live, review, refused, failing] = await knex('syndication_portals').where({ tier: 'department' }).orderBy('code').limit(4).pluck('code');
  commune = (await knex('syndication_portals').where({ tier: 'commune' }).orderBy('code').first('code')).code;
  sim = await attachSimulator(hub, { codes: [live, review, refused, failing, commune] });
  admin = await adminSession(hub, { roles: ['Quản trị đồng bộ'] });
  expect((await hub.api.put(`/portals/${review}`, { publishMode: 'review', sectionMap: { '8.1.c': 'chi-dao-dieu-hanh' } })).status).toBe(200);
  sim.setFault(refused, { mode: 'error', status: 400 });
  sim.setFault(failing, { mode: 'error', status: 503 });
  // Issued on Friday 20/11/2026: due at the end of Tuesday 24/11, within a working day of "now" in these tests or past it.
  const res = await hub.api.post('/items?publish=true', sampleItem({ targets: { scope: 'portals', portals: [live, review, refused, failing] }, issuedAt: '2026-11-20T08:00:00+07:00' }));
  expect(res.status).toBe(201);
  item = res.data.data.documentId;
  await waitFor('every portal answered once', async () => {
    const d = await byPortal();
    return d[live]?.status === 'delivered' && d[review]?.status === 'awaiting_review' && d[refused]?.status === 'failed' && d[failing]?.status === 'retrying';
  });
});

afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

describe('read models', () => {
  it('overview: the item with its counts per status out of its 4 targets', async () => {
    const res = await admin.admin.get('/overview');
    expect(res.status).toBe(200);
    const row = res.data.data.items.find((i: any) => i.documentId === item);
    expect(row).toMatchObject({ title: sampleItem().title, total: 4, live: 1, version: 1 });
    expect(row.byStatus).toMatchObject({ delivered: 1, awaiting_review: 1, failed: 1, retrying: 1, pending: 0 });
    expect((await admin.admin.get('/overview?items=0')).status).toBe(400);
  });

  it('matrix: one row per portal, filtered by status and by tier', async () => {
    const all = (await admin.admin.get('/matrix?items=5')).data.data;
    expect(all.items.map((i: any) => i.documentId)).toEqual([item]);
    expect(all.portals.map((p: any) => p.code)).toEqual([live, review, refused, failing]);
    expect(all.portals[2].cells[0].status).toBe('failed');
    const failed = (await admin.admin.get('/matrix?status=failed')).data.data;
    expect(failed.portals.map((p: any) => p.code)).toEqual([refused]);
    expect((await admin.admin.get('/matrix?tier=commune')).data.data.portals).toEqual([]);
    const bad = await admin.admin.get('/matrix?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.data.error.details.errors[0].path).toEqual(['status']);
  });

  it('at risk: what is not live yet and due within one working day, with the working days left', async () => {
    const rows = (await admin.admin.get('/at-risk')).data.data;
    expect(rows.map((d: any) => d.portal).sort()).toEqual([review, refused, failing].sort());
    for (const d of rows) {
      expect(d.itemTitle).toBe(sampleItem().title);
      expect(d.workingDaysLeft).toBeLessThanOrEqual(1);
    }
  });

  it('failures: failed and retrying, with attempts, last HTTP status, last error and the next attempt', async () => {
    const res = await admin.admin.get('/failures');
    const rows = Object.fromEntries(res.data.data.map((d: any) => [d.portal, d]));
    expect(Object.keys(rows).sort()).toEqual([refused, failing].sort());
    expect(rows[refused]).toMatchObject({ status: 'failed', attempts: 1, lastHttpStatus: 400, nextAttemptAt: null, itemTitle: sampleItem().title });
    expect(rows[failing]).toMatchObject({ status: 'retrying', attempts: 1, lastHttpStatus: 503 });
    expect(new Date(rows[failing].nextAttemptAt).getTime()).toBeGreaterThan(Date.now());
    expect((await admin.admin.get(`/failures?portal=${refused}`)).data.data.map((d: any) => d.portal)).toEqual([refused]);
    expect((await admin.admin.get('/failures?status=retrying')).data.meta.total).toBe(1);
  });

  it('details: the attempt history and exactly what the portal received', async () => {
    const id = (await byPortal())[review].id;
    const d = (await admin.admin.get(`/deliveries/${id}/details`)).data.data;
    expect(d).toMatchObject({ portal: review, status: 'awaiting_review', section: 'chi-dao-dieu-hanh' });
    expect(d.attemptLog).toHaveLength(1);
    expect(d.attemptLog[0]).toMatchObject({ attempt: 1, httpStatus: 200, outcome: 'success' });
    const received = sim.portals.get(review)!.receiver.copies.get(item)!.payload.item;
    expect(d.payload).toEqual(received);
    expect(d.payload.source.credit).toBe('Theo Cổng TTĐT tỉnh Bắc Ninh');
    expect((await admin.admin.get('/deliveries/999999/details')).status).toBe(404);
  });
});

describe('retries from the failures screen', () => {
  it('retries the selected deliveries and refuses a malformed selection with the field named', async () => {
    const bad = await admin.admin.post('/deliveries/retry', { ids: [] });
    expect(bad.status).toBe(400);
    expect(bad.data.error.message).toMatch(/ \/ /);
    expect(bad.data.error.details.errors[0].path).toEqual(['ids']);

    sim.setFault(refused, { mode: 'healthy' });
    const d = await byPortal();
    const res = await admin.admin.post('/deliveries/retry', { ids: [d[refused].id, d[live].id] });
    expect(res.status).toBe(200);
    expect(res.data.data).toEqual({ retried: 1, requested: 2 }); // the delivered one is left alone
    await waitFor('refused portal delivered after the retry', async () => (await byPortal())[refused].status === 'delivered');
  });
});

describe('portal actions', () => {
  it('pause needs a reason; resume clears it and sends again what was owed', async () => {
    const noReason = await admin.admin.post(`/portals/${failing}/pause`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.data.error.details.errors[0].path).toEqual(['reason']);

    const paused = await admin.admin.post(`/portals/${failing}/pause`, { reason: 'Cổng đang bảo trì' });
    expect(paused.status).toBe(200);
    expect(paused.data.data).toMatchObject({ active: false, health: { pausedReason: 'Cổng đang bảo trì' } });

    sim.setFault(failing, { mode: 'healthy' });
    const resumed = await admin.admin.post(`/portals/${failing}/resume`);
    expect(resumed.status).toBe(200);
    expect(resumed.data.data.portal).toMatchObject({ active: true, health: { pausedReason: null } });
    expect(resumed.data.data.retried).toBe(1);
    await waitFor('the paused portal delivered after resuming', async () => (await byPortal())[failing].status === 'delivered');
  });

  it('a test delivery reaches the portal signed with its secret and stores nothing', async () => {
    const receiver = sim.portals.get(commune)!.receiver;
    const before = receiver.accepted.length;
    const res = await admin.admin.post(`/portals/${commune}/test`);
    expect(res.status).toBe(200);
    expect(res.data.data).toMatchObject({ ok: true, httpStatus: 200, error: null });
    expect(receiver.rejected).toBe(0);
    expect(receiver.accepted.length).toBe(before);

    const noEndpoint = (await hub.strapi.db.connection('syndication_portals').whereNull('endpoint').first('code')).code;
    expect((await admin.admin.post(`/portals/${noEndpoint}/test`)).status).toBe(400);
    expect((await admin.admin.post('/portals/KHONG-CO/test')).status).toBe(404);
  });

  it('after a rotation without overlap (the Portals screen uses the review helper\'s route), the test delivery fails on the old secret', async () => {
    const res = await admin.admin.post(`/portals/${commune}/rotate-secret`, { overlapHours: 0 });
    expect(res.status).toBe(200);
    expect(res.data.data.secret).toMatch(/^whsec_/);
    const listed = (await admin.admin.get('/portals')).data.data.find((p: any) => p.code === commune);
    expect(JSON.stringify(listed)).not.toContain(res.data.data.secret);
    expect(listed.hasSecret).toBe(true);
    // The simulated portal still holds the old secret: it now refuses the hub's signature.
    const test = await admin.admin.post(`/portals/${commune}/test`);
    expect(test.data.data).toMatchObject({ ok: false, httpStatus: 401 });
  });

  it('edits endpoint, publish mode, editors and section map; refuses fields the screen does not edit', async () => {
    const res = await admin.admin.put(`/portals/${commune}`, { publishMode: 'review', editors: ['BienTap@Xa.BacNinh.gov.vn'], sectionMap: { '8.1.c': 'tin-tinh' } });
    expect(res.status).toBe(200);
    expect(res.data.data).toMatchObject({ publishMode: 'review', editors: ['bientap@xa.bacninh.gov.vn'], sectionMap: { '8.1.c': 'tin-tinh' } });

    const before = (await hub.api.get(`/portals/${commune}`)).data.data;
    const tier = await admin.admin.put(`/portals/${commune}`, { tier: 'department', secret: 'x' });
    expect(tier.status).toBe(400);
    expect(tier.data.error.details.errors.map((e: any) => e.path[0]).sort()).toEqual(['secret', 'tier']);
    const url = await admin.admin.put(`/portals/${commune}`, { endpoint: 'ftp://x' });
    expect(url.status).toBe(400);
    expect(url.data.error.details.errors[0].path).toEqual(['endpoint']);
    expect((await hub.api.get(`/portals/${commune}`)).data.data).toEqual(before);
  });
});

describe('last success on the Portals screen', () => {
  const listed = async (code: string) => ((await admin.admin.get('/portals')).data.data as any[]).find((p) => p.code === code);
  const attemptStartedAt = async (code: string, documentId: string) => {
    const d = (await admin.admin.get(`/items/${documentId}/progress`)).data.data.deliveries.find((x: any) => x.portal === code);
    return Date.parse((await admin.admin.get(`/deliveries/${d.id}/details`)).data.data.attemptLog.at(-1).startedAt);
  };

  it('is recorded for portals that never failed, at most once a minute per portal', async () => {
    // `live` and `review` took the first item in beforeAll, `refused` its retry (a 400 is no failing state);
    // none of them was ever failing, so no recovery wrote it. The write does not hold up the delivery.
    const healthy = await waitFor('the healthy portals\' last success on the screen', async () => {
      const [l, r, f] = await Promise.all([listed(live), listed(review), listed(refused)]);
      return l.health.lastSuccessAt && r.health.lastSuccessAt && f.health.lastSuccessAt ? l : false;
    });
    expect(healthy.health).toMatchObject({ healthy: true, failingSince: null, pausedReason: null });
    const first = Date.parse(healthy.health.lastSuccessAt);
    expect(first).toBeGreaterThanOrEqual(await attemptStartedAt(live, item));
    expect(first).toBeLessThanOrEqual(Date.now());
    expect((await listed(commune)).health.lastSuccessAt).toBeNull(); // test deliveries are not deliveries

    // A second delivery within the minute: delivered, and the portal row is not written again.
    const res = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin thứ hai cho cổng khỏe', targets: { scope: 'portals', portals: [live] } }));
    expect(res.status).toBe(201);
    const second = res.data.data.documentId;
    await waitFor('the second item delivered', async () => (await admin.admin.get(`/items/${second}/progress`)).data.data.deliveries[0]?.status === 'delivered');
    expect(await attemptStartedAt(live, second)).toBeGreaterThan(first);
    expect(Date.parse((await listed(live)).health.lastSuccessAt)).toBe(first);
  });
});
