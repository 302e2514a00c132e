/**
 * Portal signing secrets (issue #9): sealed at rest (a dump of every table shows none),
 * never returned except once when generated or rotated, plain secrets from before
 * encryption sealed at start, and a rotation during which deliveries carry both
 * signatures: verified by the old secret, by both, then by the new one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { sampleItem } from '../helpers/portals';

let hub: Hub;
const received: { headers: Record<string, string>; body: string }[] = [];
let server: http.Server;
let endpoint: string;
const CODE = 'SCT';

const secretsService = () => hub.strapi.plugin('syndication').service('secrets');
const knex = () => hub.strapi.db.connection;

/** Every row of every table, as text: what a database dump would show. */
async function dumpDatabase(): Promise<string> {
  const client = hub.strapi.db.dialect.client;
  const tables: string[] =
    client === 'sqlite'
      ? (await knex().raw("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r: any) => r.name)
      : (await knex().raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")).rows.map((r: any) => r.name);
  expect(tables).toContain('syndication_portals');
  const parts: string[] = [];
  for (const t of tables) parts.push(JSON.stringify(await knex()(t).select('*')));
  return parts.join('\n');
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `r-${received.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inbox`;
  hub = await bootHub({ env: { SYNDICATION_RETRY_SCHEDULE: '0.2,0.5,1', SYNDICATION_RECONCILE_INTERVAL_MS: '1000' } });
});

afterAll(async () => {
  await hub?.stop();
  await new Promise((r) => server.close(r));
});

const publishTo = async (title: string) => {
  const before = received.length;
  const res = await hub.api.post('/items?publish=true', sampleItem({ title, targets: { scope: 'portals', portals: [CODE] } }));
  expect(res.status).toBe(201);
  return waitFor(`delivery of "${title}"`, () => received.length > before && received[received.length - 1], 20000);
};

const verifies = (secret: string, msg: { headers: Record<string, string>; body: string }) => {
  try {
    new Webhook(secret).verify(msg.body, msg.headers);
    return true;
  } catch {
    return false;
  }
};

describe('secrets at rest', () => {
  it('a dump of every table shows no portal secret, and each stored one is sealed', async () => {
    const given = 'whsec_' + Buffer.from('a-secret-chosen-by-the-portal-vendor').toString('base64');
    expect((await hub.api.put('/portals/SXD', { secret: given })).status).toBe(200);
    const rotated = (await hub.api.post('/portals/STP/rotate-secret', {})).data.data.secret as string;
    const created = await hub.api.put('/portals/NEW-SEC', { name: 'Cổng mới', tier: 'department' });
    expect(created.status).toBe(201);
    const generated = created.data.data.secret as string; // shown this once
    expect(generated).toMatch(/^whsec_/);
    expect(JSON.stringify((await hub.api.get('/portals/NEW-SEC')).data)).not.toContain('whsec_');

    const plain: string[] = (await secretsService().openAll()).map((p: any) => p.secret);
    expect(plain.length).toBeGreaterThanOrEqual(120);
    expect(plain).toEqual(expect.arrayContaining([given, rotated, generated]));

    const dump = await dumpDatabase();
    for (const s of plain) {
      expect(dump).not.toContain(s);
      expect(dump).not.toContain(s.slice(6, 26)); // not even the base64 body without its prefix
    }
    const rows = await knex()('syndication_portals').select('secret', 'previous_secret');
    expect(rows.every((r: any) => /^enc:v1:[0-9a-f]{8}:/.test(r.secret))).toBe(true);
    expect(rows.filter((r: any) => r.previous_secret).every((r: any) => /^enc:v1:/.test(r.previous_secret))).toBe(true);
  });

  it('seals secrets stored in clear before encryption existed, when the hub starts', async () => {
    const legacy = 'whsec_' + Buffer.from('legacy-plaintext-secret-1234').toString('base64');
    await knex()('syndication_portals').where({ code: 'SNV' }).update({ secret: legacy });
    const { sealed } = await secretsService().migrate(); // what bootstrap runs at every start
    expect(sealed).toBe(1);
    const row = await knex()('syndication_portals').where({ code: 'SNV' }).first();
    expect(row.secret).toMatch(/^enc:v1:/);
    expect(secretsService().open(row.secret)).toBe(legacy);
    expect((await secretsService().migrate()).sealed).toBe(0); // idempotent
  });

  it('refuses a malformed rotation request with field paths and changes nothing', async () => {
    const before = await knex()('syndication_portals').where({ code: CODE }).first();
    const res = await hub.api.post(`/portals/${CODE}/rotate-secret`, { overlapHours: -1, secret: 'short', extra: 1 });
    expect(res.status).toBe(400);
    const paths = res.data.error.details.errors.map((e: any) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['overlapHours', 'secret']));
    const after = await knex()('syndication_portals').where({ code: CODE }).first();
    expect(after.secret).toBe(before.secret);
    expect((await hub.api.post('/portals/NOPE/rotate-secret', {})).status).toBe(404);
  });
});

describe('rotation with an overlap window', () => {
  it('deliveries verify with the old secret, then with both, then only with the new one', async () => {
    const old = 'whsec_' + Buffer.from('the-old-secret-of-this-portal!!').toString('base64');
    expect((await hub.api.put(`/portals/${CODE}`, { endpoint, secret: old })).status).toBe(200);
    await hub.api.post(`/portals/${CODE}/rotate-secret`, { secret: old, overlapHours: 0 }); // start clean: only `old`

    const m1 = await publishTo('Trước khi đổi khóa');
    expect(verifies(old, m1)).toBe(true);
    expect(m1.headers['webhook-signature'].split(' ')).toHaveLength(1);

    // Rotate: a new secret, shown once, and ~5 s during which both sign.
    const rot = await hub.api.post(`/portals/${CODE}/rotate-secret`, { overlapHours: 0.0015 });
    expect(rot.status).toBe(200);
    expect(rot.headers['cache-control']).toBe('no-store');
    const fresh = rot.data.data.secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect(new Date(rot.data.data.previousSecretValidUntil).getTime()).toBeGreaterThan(Date.now());
    const shown = (await hub.api.get(`/portals/${CODE}`)).data.data;
    expect(JSON.stringify(shown)).not.toContain(fresh.slice(6, 20));
    expect(shown.previousSecretValidUntil).not.toBeNull();

    const m2 = await publishTo('Trong thời gian chuyển khóa');
    expect(m2.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifies(old, m2)).toBe(true); // a portal that has not switched yet
    expect(verifies(fresh, m2)).toBe(true); // a portal that already switched

    await waitFor('the overlap window to end', async () => (await hub.api.get(`/portals/${CODE}`)).data.data.previousSecretValidUntil === null, 15000, 200);
    const m3 = await publishTo('Sau khi đổi khóa');
    expect(m3.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(verifies(fresh, m3)).toBe(true);
    expect(verifies(old, m3)).toBe(false);
  });
});
