/**
 * Portal scoping on every route the plugin adds (issue #7, section 1).
 *
 * Two communes, A and B, each with its own editorial board (role "Biên tập viên cổng
 * thành phần", listed in the portal's `editors`). For EVERY route in routes/admin.ts and
 * routes/content-api.ts there is one row in ROUTE_TABLE saying how commune A's editor,
 * with A's own admin JWT, tries to reach commune B's deliveries, and what must hold
 * (refused, or B absent from the answer). Requests without credentials are refused.
 * Afterwards B's records must be exactly as before.
 *
 * A route without a row — or a row for a route that no longer exists — fails the
 * "every route has a row" test. To add a row: key `"<admin|content-api> <METHOD> <path>"`
 * exactly as in the route file, then `call` (the request A's editor makes against B's
 * data) and `expect` ('refused' = 401/403/404, or a function asserting B is absent).
 */
import type { AxiosResponse } from 'axios';
import adminRoutes from '../../plugins/syndication/server/src/routes/admin';
import contentApiRoutes from '../../plugins/syndication/server/src/routes/content-api';
import { PERMISSIONS } from '../../plugins/syndication/server/src/constants';
import { adminSession, anonymousAdmin, type AdminSession } from '../helpers/admin';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, sampleItem, type Simulator } from '../helpers/portals';

const ROLE = { provincial: 'Biên tập viên cổng tỉnh', portal: 'Biên tập viên cổng thành phần', admin: 'Quản trị đồng bộ' };

interface Fixture {
  A: string;
  B: string;
  /** Item delivered to A and B, awaiting review on both. */
  reviewItem: string;
  /** Item whose delivery to B failed for good (retryable by an administrator). */
  failedItem: string;
  /** Delivery ids by portal. */
  review: Record<string, number>;
  failed: Record<string, number>;
  editorA: AdminSession;
  editorB: AdminSession;
  syndicationAdmin: AdminSession;
}

type Expectation = 'refused' | ((res: AxiosResponse, f: Fixture) => void);

interface Row {
  call: (f: Fixture) => { method: string; url: string; data?: unknown };
  expect: Expectation;
}

/** Every admin/content-API route the plugin adds, keyed "<type> <METHOD> <path>". */
const ROUTE_TABLE: Record<string, Row> = {
  // ---- admin routes (A's admin JWT on /syndication/...) ----
  'admin GET /portals': {
    call: () => ({ method: 'GET', url: '/portals' }),
    expect: 'refused', // the component editor role holds no portal permission
  },
  'admin GET /items/:documentId/deliveries': {
    call: (f) => ({ method: 'GET', url: `/items/${f.reviewItem}/deliveries` }),
    expect: (res, f) => {
      expect(res.status).toBe(200);
      const portals = res.data.deliveries.map((d: any) => d.portal);
      expect(portals).toEqual([f.A]);
      expect(res.data.summary.total).toBe(1);
    },
  },
  'admin POST /deliveries/:id/retry': {
    call: (f) => ({ method: 'POST', url: `/deliveries/${f.failed[f.B]}/retry` }),
    expect: 'refused',
  },
  'admin POST /items/:documentId/retry-failed': {
    call: (f) => ({ method: 'POST', url: `/items/${f.failedItem}/retry-failed` }),
    expect: 'refused',
  },
  'admin POST /portals/:code/retry-failed': {
    call: (f) => ({ method: 'POST', url: `/portals/${f.B}/retry-failed` }),
    expect: 'refused',
  },
  'admin GET /audit': { call: () => ({ method: 'GET', url: '/audit' }), expect: 'refused' }, // audit.read: syndication administrators only
  'admin GET /audit/export': { call: () => ({ method: 'GET', url: '/audit/export' }), expect: 'refused' },
  'admin POST /portals/:code/rotate-secret': {
    call: (f) => ({ method: 'POST', url: `/portals/${f.B}/rotate-secret`, data: {} }),
    expect: 'refused', // portals.manage only
  },
  'admin GET /inbox': {
    call: () => ({ method: 'GET', url: '/inbox' }),
    expect: (res, f) => {
      expect(res.status).toBe(200);
      const ids = res.data.data.map((d: any) => d.id);
      expect(ids).toEqual(expect.arrayContaining([f.review[f.A]]));
      expect(ids).not.toContain(f.review[f.B]);
      expect(res.data.data.every((d: any) => d.portal === f.A)).toBe(true);
    },
  },
  'admin POST /deliveries/approve': {
    call: (f) => ({ method: 'POST', url: '/deliveries/approve', data: { ids: [f.review[f.B]] } }),
    expect: 'refused',
  },
  'admin POST /deliveries/:id/approve': {
    call: (f) => ({ method: 'POST', url: `/deliveries/${f.review[f.B]}/approve` }),
    expect: 'refused',
  },
  'admin POST /deliveries/:id/reject': {
    call: (f) => ({ method: 'POST', url: `/deliveries/${f.review[f.B]}/reject`, data: { reason: 'không phải việc của xã A' } }),
    expect: 'refused',
  },
  // compliance (issue 8): reports.read to read, settings.manage to edit; the component editor role holds neither
  'admin GET /calendar': { call: () => ({ method: 'GET', url: '/calendar?year=2026' }), expect: 'refused' },
  'admin PUT /calendar/:date': { call: () => ({ method: 'PUT', url: '/calendar/2026-11-23', data: { type: 'holiday', name: 'x' } }), expect: 'refused' },
  'admin DELETE /calendar/:date': { call: () => ({ method: 'DELETE', url: '/calendar/2026-11-23' }), expect: 'refused' },
  'admin GET /category-rules': { call: () => ({ method: 'GET', url: '/category-rules' }), expect: 'refused' },
  'admin PUT /category-rules/:code': { call: () => ({ method: 'PUT', url: '/category-rules/8.1.c', data: { note: 'x' } }), expect: 'refused' },
  'admin POST /category-rules/presets/:name': { call: () => ({ method: 'POST', url: '/category-rules/presets/plan-65-commune' }), expect: 'refused' },
  'admin GET /coverage': { call: () => ({ method: 'GET', url: '/coverage' }), expect: 'refused' },
  'admin GET /reports/art15': { call: () => ({ method: 'GET', url: '/reports/art15?period=2026' }), expect: 'refused' },
  'admin GET /reports/scoring': { call: () => ({ method: 'GET', url: '/reports/scoring?month=2026-02' }), expect: 'refused' },
  // The screens' routes (controllers/operations.ts): lists hold only A; B's records and portal are out of reach.
  'admin GET /overview': {
    call: () => ({ method: 'GET', url: '/overview' }),
    expect: (res, f) => {
      expect(res.status).toBe(200);
      expect(res.data.data.items.length).toBeGreaterThan(0);
      for (const i of res.data.data.items) expect(i.total).toBe(1);
      expect(res.data.data.atRisk.every((d: any) => d.portal === f.A)).toBe(true);
    },
  },
  'admin GET /matrix': {
    call: () => ({ method: 'GET', url: '/matrix' }),
    expect: (res, f) => {
      expect(res.status).toBe(200);
      expect(res.data.data.portals.map((p: any) => p.code)).toEqual([f.A]);
    },
  },
  'admin GET /at-risk': {
    call: () => ({ method: 'GET', url: '/at-risk' }),
    expect: (res, f) => {
      expect(res.status).toBe(200);
      expect(res.data.data.every((d: any) => d.portal === f.A)).toBe(true);
    },
  },
  'admin GET /items/:documentId/progress': {
    call: (f) => ({ method: 'GET', url: `/items/${f.failedItem}/progress` }),
    expect: (res, f) => {
      expect(res.status).toBe(200);
      expect(res.data.data.deliveries.map((d: any) => d.portal)).toEqual([f.A]);
      expect(res.data.data.summary.total).toBe(1);
    },
  },
  'admin GET /failures': {
    call: () => ({ method: 'GET', url: '/failures' }),
    expect: (res, f) => {
      expect(res.status).toBe(200);
      expect(res.data.data.map((d: any) => d.id)).not.toContain(f.failed[f.B]);
      expect(res.data.data.every((d: any) => d.portal === f.A)).toBe(true);
    },
  },
  'admin GET /deliveries/:id/details': { call: (f) => ({ method: 'GET', url: `/deliveries/${f.review[f.B]}/details` }), expect: 'refused' },
  'admin POST /deliveries/retry': { call: (f) => ({ method: 'POST', url: '/deliveries/retry', data: { ids: [f.failed[f.B]] } }), expect: 'refused' },
  'admin PUT /portals/:code': { call: (f) => ({ method: 'PUT', url: `/portals/${f.B}`, data: { editors: [f.editorA.email] } }), expect: 'refused' },
  'admin POST /portals/:code/pause': { call: (f) => ({ method: 'POST', url: `/portals/${f.B}/pause`, data: { reason: 'x' } }), expect: 'refused' },
  'admin POST /portals/:code/resume': { call: (f) => ({ method: 'POST', url: `/portals/${f.B}/resume` }), expect: 'refused' },
  'admin POST /portals/:code/test': { call: (f) => ({ method: 'POST', url: `/portals/${f.B}/test` }), expect: 'refused' },

  // the item form (issue 10): Content Manager item permissions, which the component editor role does not hold
  'admin GET /form/options': { call: () => ({ method: 'GET', url: '/form/options' }), expect: 'refused' },
  'admin POST /form/publish-plan': { call: () => ({ method: 'POST', url: '/form/publish-plan', data: { data: {} } }), expect: 'refused' },

  // ---- content API (/api/syndication/...): an admin JWT is not an API token ----
  'content-api GET /portals': { call: () => ({ method: 'GET', url: '/portals' }), expect: 'refused' },
  'content-api GET /portals/:code': { call: (f) => ({ method: 'GET', url: `/portals/${f.B}` }), expect: 'refused' },
  'content-api PUT /portals/:code': { call: (f) => ({ method: 'PUT', url: `/portals/${f.B}`, data: { editors: [f.editorA.email] } }), expect: 'refused' },
  'content-api POST /portals/:code/retry-failed': { call: (f) => ({ method: 'POST', url: `/portals/${f.B}/retry-failed` }), expect: 'refused' },
  'content-api POST /portals/:code/rotate-secret': { call: (f) => ({ method: 'POST', url: `/portals/${f.B}/rotate-secret`, data: {} }), expect: 'refused' },
  'content-api POST /items': { call: () => ({ method: 'POST', url: '/items', data: sampleItem() }), expect: 'refused' },
  'content-api GET /items/:documentId': { call: (f) => ({ method: 'GET', url: `/items/${f.reviewItem}` }), expect: 'refused' },
  'content-api PUT /items/:documentId': { call: (f) => ({ method: 'PUT', url: `/items/${f.reviewItem}`, data: { title: 'x' } }), expect: 'refused' },
  'content-api POST /items/:documentId/publish': { call: (f) => ({ method: 'POST', url: `/items/${f.reviewItem}/publish` }), expect: 'refused' },
  'content-api POST /items/:documentId/withdraw': { call: (f) => ({ method: 'POST', url: `/items/${f.reviewItem}/withdraw` }), expect: 'refused' },
  'content-api GET /items/:documentId/deliveries': { call: (f) => ({ method: 'GET', url: `/items/${f.reviewItem}/deliveries` }), expect: 'refused' },
  'content-api POST /items/:documentId/retry-failed': { call: (f) => ({ method: 'POST', url: `/items/${f.failedItem}/retry-failed` }), expect: 'refused' },
  'content-api GET /deliveries/:id': { call: (f) => ({ method: 'GET', url: `/deliveries/${f.review[f.B]}` }), expect: 'refused' },
  'content-api POST /deliveries/:id/retry': { call: (f) => ({ method: 'POST', url: `/deliveries/${f.failed[f.B]}/retry` }), expect: 'refused' },
  'content-api POST /deliveries/:id/approve': { call: (f) => ({ method: 'POST', url: `/deliveries/${f.review[f.B]}/approve` }), expect: 'refused' },
  'content-api POST /deliveries/:id/reject': { call: (f) => ({ method: 'POST', url: `/deliveries/${f.review[f.B]}/reject`, data: { reason: 'x' } }), expect: 'refused' },
  // Signature-authenticated: an admin JWT is no signature (401); a callback signed by A about B's delivery is 403 (review.test.ts).
  'content-api POST /callbacks/:code': {
    call: (f) => ({ method: 'POST', url: `/callbacks/${f.B}`, data: { type: 'delivery.published', data: { deliveryId: f.review[f.B], version: 1 } } }),
    expect: 'refused',
  },
  // Signed-URL authenticated (Preview as a portal): an admin JWT is no signature.
  'content-api GET /preview/:documentId': { call: (f) => ({ method: 'GET', url: `/preview/${f.reviewItem}?status=draft` }), expect: 'refused' },
  'content-api GET /calendar': { call: () => ({ method: 'GET', url: '/calendar?year=2026' }), expect: 'refused' },
  'content-api PUT /calendar/:date': { call: () => ({ method: 'PUT', url: '/calendar/2026-11-23', data: { type: 'holiday', name: 'x' } }), expect: 'refused' },
  'content-api DELETE /calendar/:date': { call: () => ({ method: 'DELETE', url: '/calendar/2026-11-23' }), expect: 'refused' },
  'content-api GET /category-rules': { call: () => ({ method: 'GET', url: '/category-rules' }), expect: 'refused' },
  'content-api GET /category-rules/:code': { call: () => ({ method: 'GET', url: '/category-rules/8.1.c' }), expect: 'refused' },
  'content-api PUT /category-rules/:code': { call: () => ({ method: 'PUT', url: '/category-rules/8.1.c', data: { note: 'x' } }), expect: 'refused' },
  'content-api POST /category-rules/presets/:name': { call: () => ({ method: 'POST', url: '/category-rules/presets/plan-65-commune' }), expect: 'refused' },
  'content-api GET /coverage': { call: () => ({ method: 'GET', url: '/coverage' }), expect: 'refused' },
  'content-api GET /reports/art15': { call: () => ({ method: 'GET', url: '/reports/art15?period=2026' }), expect: 'refused' },
  'content-api GET /reports/scoring': { call: () => ({ method: 'GET', url: '/reports/scoring?month=2026-02' }), expect: 'refused' },
};

const routeKeys = () => [
  ...adminRoutes.routes.map((r: any) => `admin ${r.method} ${r.path}`),
  ...contentApiRoutes.routes.map((r: any) => `content-api ${r.method} ${r.path}`),
];

/** Routes that need no credentials by design: they authenticate the request themselves. */
const selfAuthenticated = (key: string) => contentApiRoutes.routes.some((r: any) => `content-api ${r.method} ${r.path}` === key && r.config?.auth === false);

let hub: Hub;
let sim: Simulator;
let f: Fixture;

const snapshotB = async () =>
  hub.strapi.db
    .connection('syndication_deliveries')
    .where({ portal_code: f.B })
    .orderBy('id')
    .select('id', 'status', 'event', 'version', 'attempts', 'reviewer', 'review_note', 'next_attempt_at', 'portal_published_at');

beforeAll(async () => {
  hub = await bootHub({ env: { SYNDICATION_RETRY_SCHEDULE: '0.2', SYNDICATION_RECONCILE_INTERVAL_MS: '1000' } });
  const communes = await hub.strapi.db.connection('syndication_portals').where({ tier: 'commune' }).orderBy('code').limit(2).pluck('code');
  const [A, B] = communes;
  sim = await attachSimulator(hub, { codes: [A, B] });

  const editorA = await adminSession(hub, { roles: [ROLE.portal] });
  const editorB = await adminSession(hub, { roles: [ROLE.portal] });
  const syndicationAdmin = await adminSession(hub, { roles: [ROLE.admin] });
  for (const [code, editor] of [[A, editorA], [B, editorB]] as const) {
    const res = await hub.api.put(`/portals/${code}`, { publishMode: 'review', editors: [editor.email.toUpperCase()] });
    expect(res.status).toBe(200);
    expect(res.data.data.editors).toEqual([editor.email]);
  }

  const targets = { scope: 'portals', portals: [A, B] };
  const reviewRes = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin chờ duyệt ở hai xã', targets }));
  expect(reviewRes.status).toBe(201);
  const reviewItem = reviewRes.data.data.documentId;
  const awaiting = await waitFor('both awaiting review', async () => {
    const d = await deliveries(hub, reviewItem);
    return d.summary.byStatus.awaiting_review === 2 ? d : false;
  });

  sim.setFault(B, { mode: 'error', status: 400 });
  const failedRes = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin gửi lỗi tới xã B', targets }));
  const failedItem = failedRes.data.data.documentId;
  const failed = await waitFor('B failed, A awaiting review', async () => {
    const d = await deliveries(hub, failedItem);
    return d.summary.byStatus.failed === 1 && d.summary.byStatus.awaiting_review === 1 ? d : false;
  });
  sim.setFault(B, { mode: 'healthy' });

  const byPortal = (d: any) => Object.fromEntries(d.deliveries.map((x: any) => [x.portal, x.id]));
  f = { A, B, reviewItem, failedItem, review: byPortal(awaiting), failed: byPortal(failed), editorA, editorB, syndicationAdmin };
});

afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

describe('the RBAC table', () => {
  it('has exactly one row per route of routes/admin.ts and routes/content-api.ts', () => {
    const keys = routeKeys();
    const missing = keys.filter((k) => !ROUTE_TABLE[k]);
    const stale = Object.keys(ROUTE_TABLE).filter((k) => !keys.includes(k));
    // A failure here names the route: add its row to ROUTE_TABLE (see the file comment).
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });
});

describe("commune A's editor cannot reach commune B's deliveries", () => {
  let before: unknown[];
  beforeAll(async () => {
    before = await snapshotB();
  });

  it.each(routeKeys())('%s', async (key) => {
    const row = ROUTE_TABLE[key];
    if (!row) throw new Error(`no RBAC row for ${key}`);
    const { method, url, data } = row.call(f);
    const client = key.startsWith('admin ') ? f.editorA.admin : f.editorA.contentApi;
    const res = await client.request({ method, url, data });
    if (row.expect === 'refused') expect([401, 403, 404]).toContain(res.status);
    else row.expect(res, f);

    // Without credentials: refused too.
    const anon = key.startsWith('admin ') ? anonymousAdmin(hub) : hub.anonymous;
    const anonRes = await anon.request({ method, url, data });
    expect(selfAuthenticated(key) ? [400, 401, 403] : [401, 403]).toContain(anonRes.status);
  });

  it("left every one of B's records exactly as it was", async () => {
    expect(await snapshotB()).toEqual(before);
  });
});

describe('positive controls (the same requests succeed for whom they are meant)', () => {
  it("A's editor sees only A; B's editor only B", async () => {
    const a = await f.editorA.admin.get(`/items/${f.reviewItem}/deliveries`);
    const b = await f.editorB.admin.get(`/items/${f.reviewItem}/deliveries`);
    expect(a.data.deliveries.map((d: any) => d.portal)).toEqual([f.A]);
    expect(b.data.deliveries.map((d: any) => d.portal)).toEqual([f.B]);
  });

  it('the syndication administrator sees every portal and may retry B', async () => {
    const all = await f.syndicationAdmin.admin.get(`/items/${f.reviewItem}/deliveries`);
    expect(all.status).toBe(200);
    expect(all.data.deliveries.map((d: any) => d.portal).sort()).toEqual([f.A, f.B].sort());
    const portals = await f.syndicationAdmin.admin.get('/portals');
    expect(portals.data.meta.total).toBe(119);
    const retry = await f.syndicationAdmin.admin.post(`/deliveries/${f.failed[f.B]}/retry`);
    expect(retry.status).toBe(200);
    await waitFor('B delivered after the retry', async () => (await deliveries(hub, f.failedItem)).deliveries.find((d) => d.portal === f.B)?.status === 'awaiting_review');
  });

  it('a provincial editor reads every delivery but cannot retry', async () => {
    const provincial = await adminSession(hub, { roles: [ROLE.provincial] });
    const all = await provincial.admin.get(`/items/${f.reviewItem}/deliveries`);
    expect(all.data.summary.total).toBe(2);
    expect((await provincial.admin.post(`/portals/${f.B}/retry-failed`)).status).toBe(403);
  });

  it('an editor listed on no portal gets 403, not an empty scope', async () => {
    const nobody = await adminSession(hub, { roles: [ROLE.portal] });
    expect((await nobody.admin.get(`/items/${f.reviewItem}/deliveries`)).status).toBe(403);
  });
});

describe('portal editors', () => {
  it('PUT accepts editors as a partial update and GET returns them, lower-cased and unique', async () => {
    const res = await hub.api.put(`/portals/${f.A}`, { editors: [f.editorA.email, 'Truong.Ban@TuLan.BacNinh.gov.vn', 'truong.ban@tulan.bacninh.gov.vn'] });
    expect(res.status).toBe(200);
    const got = (await hub.api.get(`/portals/${f.A}`)).data.data;
    expect(got.editors).toEqual([f.editorA.email, 'truong.ban@tulan.bacninh.gov.vn']);
    expect(got.publishMode).toBe('review'); // untouched by the partial update
  });

  it.each([
    ['a bad address', { editors: ['ok@x.vn', 'not-an-email'] }, 'editors.1'],
    ['a string instead of a list', { editors: 'a@x.vn' }, 'editors'],
  ])('rejects %s with 400 naming the field, and changes nothing', async (_label, body, field) => {
    const before = (await hub.api.get(`/portals/${f.B}`)).data.data;
    const res = await hub.api.put(`/portals/${f.B}`, body);
    expect(res.status).toBe(400);
    expect(res.data.error.message).toMatch(/ \/ /);
    expect(res.data.error.details.errors.map((e: any) => e.path.join('.'))).toContain(field);
    expect((await hub.api.get(`/portals/${f.B}`)).data.data).toEqual(before);
  });
});

describe('roles', () => {
  it("leaves Strapi's own roles in place (Super Admin first) and gives each seeded role its permissions", async () => {
    const roles = hub.strapi.service('admin::role');
    expect(await roles.getSuperAdmin()).toBeTruthy();
    const perms = async (name: string) => hub.strapi.service('admin::permission').findMany({ where: { role: { id: (await roles.findOne({ name })).id } } });
    const provincial = await perms(ROLE.provincial);
    const cm = provincial.filter((p: any) => p.action.startsWith('plugin::content-manager.explorer.'));
    expect(cm.map((p: any) => p.action.split('.').pop()).sort()).toEqual(['create', 'delete', 'publish', 'read', 'update']);
    expect(cm.every((p: any) => p.subject === 'plugin::syndication.item')).toBe(true);
    const update = cm.find((p: any) => p.action.endsWith('.update'));
    expect(update.properties.fields).toEqual(expect.arrayContaining(['title', 'body', 'targets']));
    expect(update.properties.fields).not.toEqual(expect.arrayContaining(['version']));
    expect(update.properties.fields).not.toContain('credit');
    expect(provincial.map((p: any) => p.action)).toContain('plugin::syndication.deliveries.read');
    const admin = (await perms(ROLE.admin)).map((p: any) => p.action);
    for (const action of Object.values(PERMISSIONS)) expect(admin).toContain(action);
  });

  it('seeds the three roles once and never overwrites an administrator’s edits', async () => {
    const roles = hub.strapi.service('admin::role');
    const portalRole = await roles.findOne({ name: ROLE.portal });
    // An administrator narrows the role to read only.
    const perms = await hub.strapi.service('admin::permission').findMany({ where: { role: { id: portalRole.id } } });
    await roles.assignPermissions(portalRole.id, perms.filter((p: any) => p.action !== 'plugin::syndication.deliveries.review').map((p: any) => ({ action: p.action, subject: p.subject, properties: p.properties, conditions: p.conditions })));
    // The provincial role is deleted altogether.
    const provincial = await roles.findOne({ name: ROLE.provincial });
    await hub.strapi.db.query('admin::role').delete({ where: { id: provincial.id } });

    expect(await hub.strapi.plugin('syndication').service('roles').seed()).toEqual([]);
    const after = await hub.strapi.service('admin::permission').findMany({ where: { role: { id: portalRole.id } } });
    expect(after.map((p: any) => p.action)).toEqual(['plugin::syndication.deliveries.read']);
    expect(after[0].conditions).toEqual(['plugin::syndication.own-portal']);
    expect(await roles.exists({ name: ROLE.provincial })).toBe(false);
    expect(await roles.exists({ name: ROLE.admin })).toBe(true);
  });
});
