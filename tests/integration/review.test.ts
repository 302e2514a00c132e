/**
 * Review by a component portal's board (issue #7, section 2): inbox, approve, reject,
 * bulk approve, the content-API actions, and the portal's signed callback. Real Strapi,
 * Redis, and HTTP receivers that verify every signature.
 */
import crypto from 'node:crypto';
import axios from 'axios';
import { Webhook } from 'standardwebhooks';
import { adminSession, type AdminSession } from '../helpers/admin';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, sampleItem, type Simulator } from '../helpers/portals';

const kit = () => require('../../plugins/syndication/dist/server/receiver-kit');

let hub: Hub;
let sim: Simulator;
let A: string;
let B: string;
let editorA: AdminSession;
let editorB: AdminSession;
const secrets: Record<string, string> = {};

beforeAll(async () => {
  hub = await bootHub({ env: { SYNDICATION_RETRY_SCHEDULE: '0.2,0.4', SYNDICATION_RECONCILE_INTERVAL_MS: '1000' } });
  [A, B] = await hub.strapi.db.connection('syndication_portals').where({ tier: 'commune' }).orderBy('code').offset(10).limit(2).pluck('code');
  sim = await attachSimulator(hub, { codes: [A, B] });
  editorA = await adminSession(hub, { roles: ['Biên tập viên cổng thành phần'], firstname: 'Nguyễn Văn' });
  editorB = await adminSession(hub, { roles: ['Biên tập viên cổng thành phần'] });
  for (const [code, editor] of [[A, editorA], [B, editorB]] as const) {
    expect((await hub.api.put(`/portals/${code}`, { publishMode: 'review', editors: [editor.email] })).status).toBe(200);
  }
  // Sealed at rest: the test plays the portals, so it takes their secrets in clear like the simulator does.
  for (const p of await hub.strapi.plugin('syndication').service('secrets').openAll()) secrets[p.code] = p.secret;
});

afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

/** Publishes an item to A and B and waits until both hold it as a draft. */
async function awaitingItem(title: string) {
  const res = await hub.api.post('/items?publish=true', sampleItem({ title, targets: { scope: 'portals', portals: [A, B] } }));
  expect(res.status).toBe(201);
  const documentId = res.data.data.documentId as string;
  const d = await waitFor(`"${title}" awaiting review on A and B`, async () => {
    const x = await deliveries(hub, documentId);
    return x.summary.byStatus.awaiting_review === 2 ? x : false;
  });
  const id = (code: string) => d.deliveries.find((x) => x.portal === code)!.id as number;
  return { documentId, a: id(A), b: id(B) };
}

const record = async (id: number) => (await hub.api.get(`/deliveries/${id}`)).data.data;
const copyOn = (code: string, documentId: string) => sim.portals.get(code)!.receiver.copies.get(documentId);

describe('inbox', () => {
  it("lists only the caller's portals' drafts, newest first, with what the board needs", async () => {
    const first = await awaitingItem('Tin thứ nhất chờ duyệt');
    const second = await awaitingItem('Tin thứ hai chờ duyệt');
    const res = await editorA.admin.get('/inbox');
    expect(res.status).toBe(200);
    const mine = res.data.data.filter((d: any) => [first.a, second.a].includes(d.id));
    expect(mine.map((d: any) => d.id)).toEqual([second.a, first.a]);
    expect(res.data.data.every((d: any) => d.portal === A && d.status === 'awaiting_review')).toBe(true);
    expect(mine[0]).toMatchObject({
      portal: A,
      item: { documentId: second.documentId, title: 'Tin thứ hai chờ duyệt', category: '8.1.c', kind: 'direction', issuer: 'Chủ tịch UBND tỉnh', issuedAt: expect.any(String) },
      deadlineAt: expect.any(String),
    });
    expect(copyOn(A, second.documentId)!.status).toBe('pending-review');
    // Another portal's inbox is refused, not silently empty.
    expect((await editorA.admin.get('/inbox', { params: { portal: B } })).status).toBe(403);
  });
});

describe('approve and reject in the hub', () => {
  it('approve → the portal receives item.published; the record is published with the time, attempts kept', async () => {
    const item = await awaitingItem('Tin được duyệt');
    const before = await record(item.a);
    const res = await editorA.admin.post(`/deliveries/${item.a}/approve`);
    expect(res.status).toBe(200);
    expect(res.data.data).toMatchObject({ id: item.a, event: 'item.published', reviewer: expect.stringContaining(editorA.email) });

    const done = await waitFor('published on A', async () => {
      const r = await record(item.a);
      return r.status === 'published' ? r : false;
    });
    expect(Date.parse(done.publishedAt)).toBeGreaterThanOrEqual(Date.parse(done.reviewedAt));
    expect(done.attemptLog.map((a: any) => a.event)).toEqual([...before.attemptLog.map((a: any) => a.event), 'item.published']);
    const accepted = sim.portals.get(A)!.receiver.accepted.filter((m) => m.documentId === item.documentId);
    expect(accepted.map((m) => m.type)).toEqual(['item.created', 'item.published']);
    expect(copyOn(A, item.documentId)!.status).toBe('live');
    // B's draft is untouched.
    expect((await record(item.b)).status).toBe('awaiting_review');
    // Approving again is a conflict, not a second send.
    expect((await editorA.admin.post(`/deliveries/${item.a}/approve`)).status).toBe(409);
  });

  it('reject needs a reason (400, nothing changed), then records reason, user and time', async () => {
    const item = await awaitingItem('Tin bị từ chối');
    const missing = await editorA.admin.post(`/deliveries/${item.a}/reject`, {});
    expect(missing.status).toBe(400);
    expect(missing.data.error.details.errors[0].path).toEqual(['reason']);
    expect(missing.data.error.message).toMatch(/lý do.* \/ .*reason/i);
    expect((await editorA.admin.post(`/deliveries/${item.a}/reject`, { reason: '   ' })).status).toBe(400);
    expect((await record(item.a)).status).toBe('awaiting_review');

    const res = await editorA.admin.post(`/deliveries/${item.a}/reject`, { reason: 'Trùng với tin đã đăng của xã' });
    expect(res.status).toBe(200);
    const r = await record(item.a);
    expect(r).toMatchObject({ status: 'rejected', reviewNote: 'Trùng với tin đã đăng của xã', reviewer: expect.stringContaining(editorA.email) });
    expect(Date.now() - Date.parse(r.reviewedAt)).toBeLessThan(60000);
    expect(r.attemptLog.length).toBe(1);
    expect((await editorA.admin.post(`/deliveries/${item.a}/approve`)).status).toBe(409);

    // An edit after the rejection is sent again as usual, for a new review; the history stays.
    expect((await hub.api.put(`/items/${item.documentId}`, { title: 'Tin bị từ chối (đã sửa)' })).status).toBe(200);
    expect((await hub.api.post(`/items/${item.documentId}/publish`)).status).toBe(200);
    const again = await waitFor('v2 awaiting review after the rejection', async () => {
      const x = await record(item.a);
      return x.status === 'awaiting_review' && x.version === 2 ? x : false;
    });
    expect(again.attemptLog.map((a: any) => `${a.event}@v${a.version}`)).toEqual(['item.created@v1', 'item.updated@v2']);
  });

  it('an edit after approval re-sends as usual and needs a new review', async () => {
    const item = await awaitingItem('Tin sửa sau khi duyệt');
    await editorA.admin.post(`/deliveries/${item.a}/approve`);
    await waitFor('published', async () => (await record(item.a)).status === 'published');
    expect((await hub.api.put(`/items/${item.documentId}`, { title: 'Tin sửa sau khi duyệt (bản 2)' })).status).toBe(200);
    expect((await hub.api.post(`/items/${item.documentId}/publish`)).status).toBe(200);
    const r = await waitFor('v2 awaiting review', async () => {
      const x = await record(item.a);
      return x.status === 'awaiting_review' && x.version === 2 ? x : false;
    });
    expect(r.attemptLog.map((a: any) => `${a.event}@v${a.version}`)).toEqual(['item.created@v1', 'item.published@v1', 'item.updated@v2']);
    expect(copyOn(A, item.documentId)).toMatchObject({ version: 2, title: 'Tin sửa sau khi duyệt (bản 2)' });
  });

  it('bulk approve: all of them, or none when one is outside the caller’s portals', async () => {
    const one = await awaitingItem('Tin duyệt hàng loạt 1');
    const two = await awaitingItem('Tin duyệt hàng loạt 2');
    const refused = await editorA.admin.post('/deliveries/approve', { ids: [one.a, two.b] });
    expect(refused.status).toBe(403);
    expect((await record(one.a)).status).toBe('awaiting_review');
    expect((await editorA.admin.post('/deliveries/approve', { ids: [] })).status).toBe(400);
    expect((await editorA.admin.post('/deliveries/approve', { ids: ['x'] })).status).toBe(400);

    const ok = await editorA.admin.post('/deliveries/approve', { ids: [one.a, two.a] });
    expect(ok.status).toBe(200);
    expect(ok.data.meta.approved).toBe(2);
    await waitFor('both published', async () => (await record(one.a)).status === 'published' && (await record(two.a)).status === 'published');
  });
});

describe('content API (integrations, API token)', () => {
  it('approves and rejects with the token named as reviewer', async () => {
    const item = await awaitingItem('Tin duyệt qua API');
    expect((await hub.api.post(`/deliveries/${item.a}/approve`)).status).toBe(200);
    expect((await hub.api.post(`/deliveries/${item.b}/reject`)).status).toBe(400);
    const rej = await hub.api.post(`/deliveries/${item.b}/reject`, { reason: 'Không thuộc lĩnh vực của phường' });
    expect(rej.status).toBe(200);
    expect(rej.data.data).toMatchObject({ status: 'rejected', reviewer: expect.stringMatching(/^API token "/) });
    await waitFor('A published', async () => (await record(item.a)).status === 'published');
  });
});

describe('portal callback (the board reviews in its own CMS)', () => {
  const send = (code: string, body: unknown, o: { secret?: string; id?: string; at?: Date; headers?: Record<string, string> } = {}) => {
    const raw = JSON.stringify(body);
    const id = o.id ?? `cb_${crypto.randomUUID()}`;
    const at = o.at ?? new Date();
    const headers = o.headers ?? {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(o.secret ?? secrets[code]).sign(id, at, raw),
    };
    return axios.post(`${hub.url}/api/syndication/callbacks/${code}`, raw, { headers, validateStatus: () => true, transformRequest: (d) => d });
  };
  const published = (id: number, version = 1, url = 'https://xa.example/tin/1') => ({ type: 'delivery.published', data: { deliveryId: id, version, url } });

  it('the reference receiver reports a publication: 204, record published with its URL', async () => {
    const item = await awaitingItem('Tin xã tự duyệt');
    const result = await sim.portals.get(A)!.receiver.decide(item.documentId, { type: 'delivery.published' }, hub.url);
    expect(result.status).toBe(204);
    const r = await record(item.a);
    expect(r).toMatchObject({ status: 'published', reviewer: `Cổng ${A} (callback)`, remoteUrl: expect.stringContaining('/tin/') });
    expect(r.publishedAt).not.toBeNull();
    expect(copyOn(A, item.documentId)!.status).toBe('live');
    // Nothing more is sent: the portal published it itself.
    expect(sim.portals.get(A)!.receiver.accepted.filter((m) => m.documentId === item.documentId).map((m) => m.type)).toEqual(['item.created']);
  });

  it('a signed rejection records the reason; a rejection without one is 400', async () => {
    const item = await awaitingItem('Tin xã tự từ chối');
    const noReason = await send(A, { type: 'delivery.rejected', data: { deliveryId: item.a, version: 1 } });
    expect(noReason.status).toBe(400);
    expect((await record(item.a)).status).toBe('awaiting_review');
    const res = await kit().sendReviewDecision({ hubUrl: hub.url, code: A, secret: secrets[A], type: 'delivery.rejected', data: { deliveryId: item.a, version: 1, reason: 'Ban biên tập xã không duyệt' } });
    expect(res.status).toBe(204);
    expect(await record(item.a)).toMatchObject({ status: 'rejected', reviewNote: 'Ban biên tập xã không duyệt', reviewer: `Cổng ${A} (callback)` });
  });

  it('accepts the previous secret during a rotation overlap, and only then', async () => {
    const one = await awaitingItem('Tin gọi lại khi đổi khóa 1');
    const two = await awaitingItem('Tin gọi lại khi đổi khóa 2');
    const service = hub.strapi.plugin('syndication').service('secrets');
    const old = secrets[B];
    const rotated = await service.rotate(B, { overlapHours: 1 });
    try {
      expect((await send(B, published(one.b), { secret: old })).status).toBe(204);
      expect((await record(one.b)).status).toBe('published');
      await service.endOverlap(B);
      expect((await send(B, published(two.b), { secret: old })).status).toBe(401);
      expect((await record(two.b)).status).toBe('awaiting_review');
      expect((await send(B, published(two.b), { secret: rotated.secret })).status).toBe(204);
    } finally {
      // Back to the secret B's simulated receiver verifies with, for the tests after this one.
      await service.rotate(B, { secret: old, overlapHours: 0 });
    }
  });

  it('refuses unsigned, wrongly signed, stale, cross-portal, replayed and outdated callbacks, changing nothing', async () => {
    const item = await awaitingItem('Tin thử gọi lại sai');
    const snapshot = async () => hub.strapi.db.connection('syndication_deliveries').whereIn('id', [item.a, item.b]).orderBy('id').select('id', 'status', 'version', 'reviewer', 'reviewed_at', 'review_note', 'portal_published_at', 'remote_url');
    const before = await snapshot();

    // Unsigned.
    expect((await send(A, published(item.a), { headers: { 'content-type': 'application/json' } })).status).toBe(401);
    // Signed with another secret.
    expect((await send(A, published(item.a), { secret: secrets[B] })).status).toBe(401);
    // A tampered body under a valid signature of another body.
    const id = `cb_${crypto.randomUUID()}`;
    const at = new Date();
    const sig = new Webhook(secrets[A]).sign(id, at, JSON.stringify(published(item.a)));
    const tampered = await axios.post(`${hub.url}/api/syndication/callbacks/${A}`, JSON.stringify(published(item.a, 1, 'https://evil.example/')), {
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': sig },
      validateStatus: () => true,
      transformRequest: (d) => d,
    });
    expect(tampered.status).toBe(401);
    // Timestamp outside 5 minutes, either way.
    expect((await send(A, published(item.a), { at: new Date(Date.now() - 6 * 60 * 1000) })).status).toBe(401);
    expect((await send(A, published(item.a), { at: new Date(Date.now() + 6 * 60 * 1000) })).status).toBe(401);
    // A signs for B's delivery (properly signed with A's own secret).
    expect((await send(A, published(item.b))).status).toBe(403);
    // Unknown portal.
    expect((await send('99999', published(item.a), { secret: secrets[A] })).status).toBe(401);
    // A decision about a version that is not the one awaiting review.
    expect((await send(A, published(item.a, 7))).status).toBe(409);
    expect(await snapshot()).toEqual(before);

    // Replay: the same signed request twice; the second is refused.
    const replayId = `cb_${crypto.randomUUID()}`;
    const first = await send(A, { type: 'delivery.rejected', data: { deliveryId: item.a, version: 1, reason: 'Lần đầu' } }, { id: replayId });
    expect(first.status).toBe(204);
    const afterFirst = await snapshot();
    const replay = await send(A, { type: 'delivery.rejected', data: { deliveryId: item.a, version: 1, reason: 'Lần đầu' } }, { id: replayId });
    expect(replay.status).toBe(409);
    expect(replay.data.error.message).toContain(replayId);
    expect(await snapshot()).toEqual(afterFirst);
  });
});
