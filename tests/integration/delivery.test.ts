/**
 * The delivery engine (issue #3) end to end: real Strapi, real Redis/BullMQ, and 119
 * real HTTP receivers on loopback that verify every Standard Webhooks signature.
 */
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, pointPortalsAt, sampleItem, TOPOLOGIES, type Simulator } from '../helpers/portals';

let hub: Hub;
let sim: Simulator;

beforeAll(async () => {
  hub = await bootHub({
    env: {
      SYNDICATION_RETRY_SCHEDULE: '0.3,0.5,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1',
      SYNDICATION_REQUEST_TIMEOUT_MS: '1500',
      SYNDICATION_RECONCILE_INTERVAL_MS: '1000',
    },
  });
  sim = await attachSimulator(hub);
});

afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

beforeEach(() => {
  for (const code of sim.portals.keys()) sim.setFault(code, { mode: 'healthy' });
});

const publish = async (overrides: Record<string, unknown> = {}) => {
  const res = await hub.api.post('/items?publish=true', sampleItem(overrides));
  expect(res.status).toBe(201);
  return res.data.data as { documentId: string; version: number };
};

const countWithStatus = async (documentId: string, status: string): Promise<number> => {
  const row = await hub.strapi.db.connection('syndication_deliveries').where({ item_document_id: documentId, status }).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
};

const allDelivered = (documentId: string, n = 119, status = 'delivered') => async () => {
  const d = await deliveries(hub, documentId);
  return d.summary.byStatus[status] === n ? d : false;
};

describe('publish once, delivered everywhere', () => {
  it('delivers to all 119 portals, each signature verified, and reports 119 delivered', async () => {
    const item = await publish();
    expect(item.version).toBe(1);
    const d = await waitFor('119 delivered', allDelivered(item.documentId), 30000);
    expect(d.summary.total).toBe(119);
    for (const p of sim.portals.values()) {
      expect(p.receiver.rejected).toBe(0);
      const copy = p.receiver.copies.get(item.documentId)!;
      expect(copy).toMatchObject({ version: 1, status: 'live', title: sampleItem().title });
      expect(copy.payload.source.credit).toBe('Theo Cổng TTĐT tỉnh Bắc Ninh');
      expect(copy.payload.item.body).toBe('<p>Nội dung chỉ đạo <strong>khẩn</strong>.</p><p>Đề nghị các đơn vị thực hiện.</p>');
      expect(copy.payload.item.body).toContain('<strong>khẩn</strong>');
    }
    const first = d.deliveries[0];
    expect(first).toMatchObject({ status: 'delivered', version: 1, attempts: 1, lastHttpStatus: 200, lastError: null });
    expect(first.remoteId).toMatch(/-1$/);
    expect(first.remoteUrl).toContain('/tin/');
    expect(first.deliveredAt).not.toBeNull();
  });
});

/**
 * Isolation, Retry-After and 410 on both simulator topologies: one port per portal, and
 * every portal on ONE host and port with a path each (the sites of one platform). A
 * portal's in-flight cap and connection pool are its own whatever its URL.
 */
describe.each(TOPOLOGIES)('portal isolation (%s topology)', (topology) => {
  let previous: Simulator;
  beforeAll(async () => {
    previous = sim;
    sim = await attachSimulator(hub, { topology });
    // One warm-up publish opens each portal's keep-alive connections, as on a running hub
    // (and as the benchmark does). Without it the timed publish would mostly measure this
    // process accepting 119 new connections one per event-loop turn: the simulated
    // platform shares the test's event loop, which a real platform server does not.
    const warm = await publish({ title: `Khởi động (${topology})` });
    await waitFor('warm-up delivered', allDelivered(warm.documentId), 30000);
  });
  afterAll(async () => {
    await sim.close();
    sim = previous;
    await pointPortalsAt(hub, sim);
  });

  it('isolates 12 hanging and 12 failing portals, then delivers to them once they recover, never twice', async () => {
    const codes = [...sim.portals.keys()];
    const hanging = codes.slice(0, 12);
    const failing = codes.slice(12, 24);
    hanging.forEach((c) => sim.setFault(c, { mode: 'hang' }));
    failing.forEach((c) => sim.setFault(c, { mode: 'error', status: 503 }));
    const started = Date.now();
    const item = await publish({ title: 'Lịch công tác tuần của lãnh đạo tỉnh', kind: 'schedule' });

    // Polled straight from the table (a cheap count), not through the API, so the wait itself does not load the hub.
    await waitFor('95 healthy delivered', () => countWithStatus(item.documentId, 'delivered').then((n) => n === 95), 15000, 10);
    const healthyTime = Date.now() - started;
    // Not held up by the 12 hanging portals' 1.5 s timeouts, nor by their sockets on a shared host.
    expect(healthyTime).toBeLessThan(2000);

    const mid = await deliveries(hub, item.documentId);
    const stuck = mid.deliveries.filter((x) => [...hanging, ...failing].includes(x.portal));
    expect(stuck.every((x) => ['pending', 'sending', 'retrying'].includes(x.status))).toBe(true);

    [...hanging, ...failing].forEach((c) => sim.setFault(c, { mode: 'healthy' }));
    const done = await waitFor('all 119 delivered after recovery', allDelivered(item.documentId), 30000);
    for (const code of failing) {
      const rec = done.deliveries.find((x) => x.portal === code);
      expect(rec.attempts).toBeGreaterThan(1);
      const attempts = (await hub.api.get(`/deliveries/${rec.id}`)).data.data.attemptLog;
      expect(attempts.length).toBe(rec.attempts);
      expect(attempts.slice(0, -1).every((a: any) => a.httpStatus === 503 && a.outcome === 'retry')).toBe(true);
      expect(attempts[attempts.length - 1]).toMatchObject({ httpStatus: 200, outcome: 'success' });
    }
    for (const p of sim.portals.values()) {
      const applied = p.receiver.accepted.filter((m) => m.documentId === item.documentId);
      expect(applied).toHaveLength(1);
    }
  });

  it('never calls a portal again before its Retry-After', async () => {
    const code = [...sim.portals.keys()][30];
    const p = sim.portals.get(code)!;
    sim.setFault(code, { mode: 'rate-limit', retryAfterSec: 2 });
    const seenBefore = p.requests.length;
    const item = await publish({ title: 'Tin kiểm tra Retry-After', targets: { scope: 'portals', portals: [code] } });
    await waitFor('the first 429', () => p.requests.length > seenBefore, 10000, 20);
    const firstAt = p.requests[seenBefore];
    await new Promise((r) => setTimeout(r, 600));
    // a second item for the same portal must also wait
    await publish({ title: 'Tin thứ hai cho cổng đang bị giới hạn', targets: { scope: 'portals', portals: [code] } });
    await new Promise((r) => setTimeout(r, 800));
    sim.setFault(code, { mode: 'healthy' });
    await waitFor('delivered after Retry-After', allDelivered(item.documentId, 1), 15000);
    const later = p.requests.filter((t) => t > firstAt);
    expect(later.length).toBeGreaterThan(0);
    expect(Math.min(...later) - firstAt).toBeGreaterThanOrEqual(2000);
  });

  it('pauses a portal that answers 410 Gone and sends it nothing more', async () => {
    const code = [...sim.portals.keys()][40];
    const p = sim.portals.get(code)!;
    sim.setFault(code, { mode: 'gone' });
    const item = await publish({ title: 'Tin gửi tới cổng đã ngừng', targets: { scope: 'portals', portals: [code] } });
    await waitFor('failed with 410', allDelivered(item.documentId, 1, 'failed'), 10000);
    const portal = (await hub.api.get(`/portals/${code}`)).data.data;
    expect(portal.active).toBe(false);
    expect(portal.health.pausedReason).toContain('410');
    expect(portal.health.pausedAt).not.toBeNull();
    // Paused the way an administrator pauses: the same audit entry, by the engine, with the reason.
    const entry = await hub.strapi.db.connection('syndication_audit_log').where({ action: 'portal.pause', target_id: code }).orderBy('id', 'desc').first();
    expect(entry).toMatchObject({ actor_type: 'system', actor: 'system (HTTP 410 Gone)' });
    const details = typeof entry.details === 'string' ? JSON.parse(entry.details) : entry.details; // text on SQLite, jsonb on PostgreSQL
    expect(details.reason).toBe(portal.health.pausedReason);
    const before = p.requests.length;
    const next = await publish({ title: 'Tin sau khi cổng ngừng', targets: { scope: 'portals', portals: [code] } });
    await waitFor('skipped', allDelivered(next.documentId, 1, 'skipped'), 10000);
    await new Promise((r) => setTimeout(r, 500));
    expect(p.requests.length).toBe(before);
    await hub.api.put(`/portals/${code}`, { active: true });
  });
});

describe('edits and withdrawals', () => {
  it('re-sends an edit as a new version and withdraws from every portal', async () => {
    const item = await publish({ title: 'Tin sẽ được sửa' });
    await waitFor('v1 delivered', allDelivered(item.documentId), 30000);
    const edit = await hub.api.put(`/items/${item.documentId}`, sampleItem({ title: 'Tin đã được sửa' }));
    expect(edit.status).toBe(200);
    expect(edit.data.data.version).toBe(2);
    const d = await waitFor('v2 delivered', async () => {
      const x = await deliveries(hub, item.documentId);
      return x.deliveries.every((r) => r.status === 'delivered' && r.version === 2) ? x : false;
    }, 30000);
    expect(d.summary.byStatus.delivered).toBe(119);
    for (const p of sim.portals.values()) {
      expect(p.receiver.copies.get(item.documentId)).toMatchObject({ version: 2, title: 'Tin đã được sửa' });
      expect(p.receiver.accepted.filter((m) => m.documentId === item.documentId).map((m) => m.type)).toEqual(['item.created', 'item.updated']);
    }

    const withdrawn = await hub.api.post(`/items/${item.documentId}/withdraw`);
    expect(withdrawn.status).toBe(200);
    await waitFor('119 withdrawn', allDelivered(item.documentId, 119, 'withdrawn'), 30000);
    for (const p of sim.portals.values()) expect(p.receiver.copies.get(item.documentId)!.status).toBe('withdrawn');
  });

  it('publishing unchanged content again sends nothing new', async () => {
    const item = await publish({ title: 'Tin xuất bản hai lần' });
    await waitFor('delivered', allDelivered(item.documentId), 30000);
    const again = await hub.api.post(`/items/${item.documentId}/publish`);
    expect(again.status).toBe(200);
    expect(again.data.data.version).toBe(1);
    // A marker published after it reaches every portal: anything the re-publish had queued would have too.
    const marker = await publish({ title: 'Tin đánh dấu sau khi xuất bản lại' });
    await waitFor('marker delivered', allDelivered(marker.documentId), 30000);
    for (const p of sim.portals.values()) {
      expect(p.receiver.accepted.filter((m) => m.documentId === item.documentId)).toHaveLength(1);
      expect(p.receiver.duplicates.filter((id) => id.startsWith(`${item.documentId}.`))).toHaveLength(0);
    }
  });

  it('PUT is a partial update: fields left out keep their value; an empty title is refused', async () => {
    const item = await publish({ title: 'Tin sửa từng phần' });
    await waitFor('v1 delivered', allDelivered(item.documentId), 30000);
    const edit = await hub.api.put(`/items/${item.documentId}`, { summary: 'Tóm tắt mới' });
    expect(edit.status).toBe(200);
    expect(edit.data.data).toMatchObject({ version: 2, title: 'Tin sửa từng phần', summary: 'Tóm tắt mới', category: '8.1.c', kind: 'direction' });
    const empty = await hub.api.put(`/items/${item.documentId}`, { title: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.data.error.details.errors.map((e: any) => e.path.join('.'))).toContain('title');
    await waitFor('v2 delivered', async () => (await deliveries(hub, item.documentId)).deliveries.every((r) => r.status === 'delivered' && r.version === 2), 30000);
  });

  it('a rapid sequence of edits leaves every portal on the newest version, never going back', async () => {
    const item = await publish({ title: 'Phiên bản 1' });
    for (let v = 2; v <= 6; v += 1) {
      const res = await hub.api.put(`/items/${item.documentId}`, sampleItem({ title: `Phiên bản ${v}` }));
      expect(res.data.data.version).toBe(v);
    }
    await waitFor('all on v6', async () => {
      const x = await deliveries(hub, item.documentId);
      return x.deliveries.every((r) => r.status === 'delivered' && r.version === 6);
    }, 40000);
    for (const p of sim.portals.values()) {
      expect(p.receiver.copies.get(item.documentId)).toMatchObject({ version: 6, title: 'Phiên bản 6' });
      const seen = p.receiver.accepted.filter((m) => m.documentId === item.documentId).map((m) => m.version);
      expect(seen).toEqual([...seen].sort((a, b) => a - b)); // arrivals in version order
    }
  });
});

describe('items API', () => {
  it('creates a draft that sends nothing until published', async () => {
    const res = await hub.api.post('/items', sampleItem({ title: 'Bản nháp' }));
    expect(res.status).toBe(201);
    expect(res.data.data).toMatchObject({ status: 'draft', version: 0, slug: 'ban-nhap' });
    expect((await deliveries(hub, res.data.data.documentId)).summary.total).toBe(0);
    const pub = await hub.api.post(`/items/${res.data.data.documentId}/publish`);
    expect(pub.data.data).toMatchObject({ status: 'published', version: 1 });
    await waitFor('delivered', allDelivered(res.data.data.documentId), 30000);
  });

  it('targets tiers and lists of portals', async () => {
    const byTier = await publish({ title: 'Chỉ gửi các sở', targets: { scope: 'tiers', tiers: ['department'] } });
    const d = await waitFor('19 delivered', allDelivered(byTier.documentId, 19), 30000);
    expect(d.summary.total).toBe(19);

    const codes = [...sim.portals.keys()].slice(60, 63);
    const byList = await publish({ title: 'Chỉ gửi ba cổng', targets: { scope: 'portals', portals: codes } });
    const listed = await waitFor('3 delivered', allDelivered(byList.documentId, 3), 30000);
    expect(listed.deliveries.map((x) => x.portal).sort()).toEqual([...codes].sort());
    for (const p of sim.portals.values()) {
      expect(p.receiver.copies.has(byList.documentId)).toBe(codes.includes(p.code));
    }
  });

  it("never writes an outcome over a newer version (the record writer's guard)", async () => {
    const item = await publish({ title: 'Tin kiểm tra phiên bản' });
    const v1 = await waitFor('v1 delivered', allDelivered(item.documentId), 30000);
    await hub.api.put(`/items/${item.documentId}`, { summary: 'Phiên bản 2' });
    const v2 = await waitFor('v2 delivered', async () => {
      const x = await deliveries(hub, item.documentId);
      return x.deliveries.every((r) => r.status === 'delivered' && r.version === 2) ? x : false;
    }, 30000);
    const rec = v2.deliveries[0];
    // A late outcome of version 1 (e.g. a worker that stalled) must not land on version 2.
    const writer = hub.strapi.plugin('syndication').service('recordWriter');
    await writer.record({ id: rec.id, expect: { version: 1, event: v1.deliveries[0].event }, patch: { status: 'failed', lastError: 'late v1 outcome' } }, null);
    const after = (await hub.api.get(`/deliveries/${rec.id}`)).data.data;
    expect(after).toMatchObject({ status: 'delivered', version: 2, lastError: null });
  });

  it('writes a batch of outcomes with different columns in one go, dates exact, guards per record', async () => {
    const item = await publish({ title: 'Tin kiểm tra ghi lô' });
    const done = await waitFor('delivered', allDelivered(item.documentId), 30000);
    const [a, b, c] = done.deliveries;
    const store = hub.strapi.plugin('syndication').service('deliveryStore');
    const at = new Date('2026-11-23T03:04:05.678Z');
    const next = new Date('2026-11-24T10:00:00.001Z');
    await store.writeOutcomes(
      [
        { id: a.id, expect: { version: a.version, event: a.event }, patch: { status: 'retrying', lastError: 'lô 1', nextAttemptAt: next, lastAttemptAt: at, attempts: 7 } },
        { id: b.id, expect: { version: b.version, event: b.event }, patch: { status: 'failed', lastError: 'lô 2', lastHttpStatus: 422 } },
        // A stale expectation in the same batch: this record must stay as it is.
        { id: c.id, expect: { version: c.version + 5, event: c.event }, patch: { status: 'failed', lastError: 'không được ghi' } },
      ],
      [{ deliveryId: a.id, portalCode: a.portal, event: a.event, version: a.version, attemptNo: 7, startedAt: at, durationMs: 12, httpStatus: 503, outcome: 'retry', excerpt: 'Trả lời thử', trigger: 'manual' }]
    );
    const byId = new Map((await store.find({ ids: [a.id, b.id, c.id] })).map((r: { id: number }) => [r.id, r]));
    const [ra, rb, rc]: any[] = [byId.get(a.id), byId.get(b.id), byId.get(c.id)];
    expect(ra).toMatchObject({ status: 'retrying', lastError: 'lô 1', attempts: 7 });
    expect(ra.nextAttemptAt.toISOString()).toBe(next.toISOString());
    expect(ra.lastAttemptAt.toISOString()).toBe(at.toISOString());
    expect(rb).toMatchObject({ status: 'failed', lastError: 'lô 2', lastHttpStatus: 422 });
    expect(rc).toMatchObject({ status: 'delivered', lastError: null });
    const log = await store.attempts(a.id);
    expect(log[log.length - 1]).toMatchObject({ attemptNo: 7, httpStatus: 503, outcome: 'retry', excerpt: 'Trả lời thử', trigger: 'manual' });
    expect(log[log.length - 1].startedAt.toISOString()).toBe(at.toISOString());
    // And the loader the worker uses reads the same records back.
    expect((await store.forDispatch([c.id, a.id])).map((r: { id: number }) => r.id).sort()).toEqual([a.id, c.id].sort());
  });

  it.each([
    ['no title', { title: undefined }, 'title'],
    ['an unknown category', { category: '9.9.z' }, 'category'],
    ['an 8.1.c item without kind', { kind: null }, 'kind'],
    ['an unknown kind', { kind: 'rumour' }, 'kind'],
    ['a bad date', { issuedAt: '31/02/2025' }, 'issuedAt'],
    ['an unknown target scope', { targets: { scope: 'some' } }, 'targets.scope'],
    ['unknown portal codes', { targets: { scope: 'portals', portals: ['NOPE'] } }, 'targets.portals'],
  ])('rejects %s with 400, field-level bilingual messages, and creates nothing', async (_l, overrides, field) => {
    const before = await hub.strapi.documents('plugin::syndication.item').count({});
    const res = await hub.api.post('/items?publish=true', sampleItem(overrides));
    expect(res.status).toBe(400);
    const paths = res.data.error.details.errors.map((e: any) => e.path.join('.'));
    expect(paths).toContain(field);
    expect(res.data.error.details.errors[0].message).toMatch(/ \/ /);
    expect(await hub.strapi.documents('plugin::syndication.item').count({})).toBe(before);
  });

  it('answers 404 for an unknown item', async () => {
    expect((await hub.api.get('/items/nope/deliveries')).status).toBe(404);
    expect((await hub.api.post('/items/nope/publish')).status).toBe(404);
  });
});

describe('unhealthy portal', () => {
  it('a portal failing for longer than the threshold is marked unhealthy and retried only at the longest step', async () => {
    const code = [...sim.portals.keys()][70];
    const knex = hub.strapi.db.connection;
    // Failing since three days (the threshold is 48 hours); this process has not seen it fail yet.
    await knex('syndication_portals').where({ code }).update({ failing_since: new Date(Date.now() - 72 * 3600 * 1000), healthy: true });
    hub.strapi.plugin('syndication').service('portalHealth').reset(code);
    hub.strapi.plugin('syndication').service('dispatcher').forgetPortals();
    sim.setFault(code, { mode: 'error', status: 503 });
    const started = Date.now();
    const item = await publish({ title: 'Tin gửi cổng hỏng lâu ngày', targets: { scope: 'portals', portals: [code] } });
    const d = await waitFor('first failure recorded', async () => {
      const x = await deliveries(hub, item.documentId);
      return x.deliveries[0]?.status === 'retrying' ? x : false;
    }, 15000, 20);
    // The test schedule starts at 0.3 s; its longest step is 1 s: an unhealthy portal waits the longest.
    expect(new Date(d.deliveries[0].nextAttemptAt).getTime() - started).toBeGreaterThanOrEqual(1000);
    const portal = await waitFor('marked unhealthy', async () => {
      const p = (await hub.api.get(`/portals/${code}`)).data.data;
      return p.health.healthy === false ? p : false;
    }, 10000);
    expect(portal.health.failingSince).not.toBeNull();
    sim.setFault(code, { mode: 'healthy' });
    await waitFor('delivered once it recovers', allDelivered(item.documentId, 1), 15000);
    await waitFor('healthy again', async () => (await hub.api.get(`/portals/${code}`)).data.data.health.healthy === true, 10000);
  });
});

describe('manual retry', () => {
  it('retries one failed delivery, all of an item, and all of a portal', async () => {
    const codes = [...sim.portals.keys()].slice(50, 53);
    codes.forEach((c) => sim.setFault(c, { mode: 'error', status: 400 })); // permanent: fails at once
    const item = await publish({ title: 'Tin thử gửi lại', targets: { scope: 'portals', portals: codes } });
    const failed = await waitFor('3 failed', allDelivered(item.documentId, 3, 'failed'), 10000);
    expect(failed.deliveries[0]).toMatchObject({ attempts: 1, lastHttpStatus: 400 });
    codes.forEach((c) => sim.setFault(c, { mode: 'healthy' }));

    const one = await hub.api.post(`/deliveries/${failed.deliveries[0].id}/retry`);
    expect(one.status).toBe(200);
    await waitFor('one delivered', async () => (await deliveries(hub, item.documentId)).summary.byStatus.delivered === 1, 10000);

    const byItem = await hub.api.post(`/items/${item.documentId}/retry-failed`);
    expect(byItem.data.data.retried).toBe(2);
    await waitFor('all delivered', allDelivered(item.documentId, 3), 10000);

    const nothing = await hub.api.post(`/deliveries/${failed.deliveries[0].id}/retry`);
    expect(nothing.status).toBe(400);

    codes.forEach((c) => sim.setFault(c, { mode: 'error', status: 422 }));
    const item2 = await publish({ title: 'Tin thử gửi lại theo cổng', targets: { scope: 'portals', portals: [codes[0]] } });
    await waitFor('failed', allDelivered(item2.documentId, 1, 'failed'), 10000);
    sim.setFault(codes[0], { mode: 'healthy' });
    const byPortal = await hub.api.post(`/portals/${codes[0]}/retry-failed`);
    expect(byPortal.data.data.retried).toBe(1);
    await waitFor('delivered', allDelivered(item2.documentId, 1), 10000);
  });
});
