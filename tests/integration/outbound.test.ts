/**
 * Outbound safety (SSRF) in production mode (NODE_ENV=production): endpoints on
 * loopback, private, link-local/metadata and IPv6 loopback addresses, and names that
 * resolve to one, are refused when saved and again when sent (the name is resolved on
 * the connection itself, so DNS rebinding cannot slip through) — unless allow-listed.
 *
 * No traffic leaves loopback: literal addresses are refused before any connection, and
 * the names of this test resolve (through a resolver stub on dns.promises.lookup, no
 * /etc/hosts needed) to 127.0.0.1, where a listener counts every connection it gets.
 */
import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { deliveries, sampleItem } from '../helpers/portals';

let hub: Hub;
let listener: http.Server;
let port: number;
let connections = 0;
let requests = 0;
const CODE = 'SXD';
const PUBLIC_ADDRESS = '93.184.215.14'; // only ever "resolved", never contacted: the portal is paused meanwhile

/** Made-up names and what they resolve to; everything else goes to the real resolver. */
const fakeDns = new Map<string, string>();
const realLookup = dns.promises.lookup.bind(dns.promises);

beforeAll(async () => {
  jest.spyOn(dns.promises, 'lookup').mockImplementation((async (host: string, opts: any) => {
    const ip = fakeDns.get(host);
    if (!ip) return realLookup(host, opts);
    const answer = { address: ip, family: ip.includes(':') ? 6 : 4 };
    return opts?.all ? [answer] : answer;
  }) as any);
  listener = http.createServer((req, res) => {
    requests += 1;
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"ok"}'));
  });
  listener.on('connection', () => (connections += 1));
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  port = (listener.address() as AddressInfo).port;
  hub = await bootHub({
    env: {
      NODE_ENV: 'production',
      SYNDICATION_ALLOWED_HOSTS: '',
      SYNDICATION_RETRY_SCHEDULE: Array(30).fill('0.3').join(','),
      SYNDICATION_RECONCILE_INTERVAL_MS: '1000',
    },
  });
  const portal = await hub.strapi.db.connection('syndication_portals').where({ code: CODE }).first();
  expect(portal).toBeTruthy();
});

afterAll(async () => {
  await hub?.stop();
  await new Promise((r) => listener.close(r));
  jest.restoreAllMocks();
});

const config = () => hub.strapi.config.get('plugin::syndication');
const storedEndpoint = async () => (await hub.strapi.db.connection('syndication_portals').where({ code: CODE }).first()).endpoint;

const REFUSED = () => [
  [`https://127.0.0.1:${port}/inbox`, 'loopback'],
  ['https://10.0.0.1/inbox', 'private'],
  ['https://10.200.3.4:8443/inbox', 'private'],
  ['https://169.254.169.254/latest/meta-data/', 'cloud metadata'],
  [`https://[::1]:${port}/inbox`, 'loopback'],
  [`https://[::ffff:127.0.0.1]:${port}/inbox`, 'loopback'],
  [`https://localhost:${port}/inbox`, 'loopback'],
  [`https://cong-noi-bo.test:${port}/inbox`, '127.0.0.1'], // a name resolving to a private address
  ['http://cong.example.vn/inbox', 'https'],
];

describe('in production mode', () => {
  it('runs strict', () => {
    expect(process.env.NODE_ENV).toBe('production');
    expect(config().strictOutbound).toBe(true);
  });

  it('refuses internal endpoints at save, with the field path, and stores nothing', async () => {
    fakeDns.set('cong-noi-bo.test', '127.0.0.1');
    const before = await storedEndpoint();
    for (const [endpoint, why] of REFUSED()) {
      const res = await hub.api.put(`/portals/${CODE}`, { endpoint, publishMode: 'review' });
      expect({ endpoint, status: res.status }).toEqual({ endpoint, status: 400 });
      const errors = res.data.error.details.errors;
      expect(errors.map((e: any) => e.path.join('.'))).toEqual(['endpoint']);
      expect(errors[0].message).toContain(why);
      expect(errors[0].message).toMatch(/^Địa chỉ nhận tin bị từ chối .* \/ Endpoint refused/);
    }
    expect(await storedEndpoint()).toBe(before);
    expect((await hub.strapi.db.connection('syndication_portals').where({ code: CODE }).first()).publish_mode).toBe('live');
    expect(connections).toBe(0);
  });

  it('refuses them again at send time, before connecting — including a name rebound to a private address after it was saved', async () => {
    // Saved while the name resolved to a public address (the portal is paused: nothing is sent)…
    fakeDns.set('cong-doi-dns.test', PUBLIC_ADDRESS);
    await hub.api.put(`/portals/${CODE}`, { active: false });
    const saved = await hub.api.put(`/portals/${CODE}`, { endpoint: `https://cong-doi-dns.test:${port}/inbox` });
    expect(saved.status).toBe(200);
    // …then the DNS answer changes to a private one.
    fakeDns.set('cong-doi-dns.test', '127.0.0.1');
    await hub.api.put(`/portals/${CODE}`, { active: true });

    const endpoints = [`https://cong-doi-dns.test:${port}/inbox`, ...REFUSED().map(([e]) => e)];
    const knex = hub.strapi.db.connection;
    for (const endpoint of endpoints) {
      // Written past the API, as an old row or a direct database edit would be.
      if (endpoint !== endpoints[0]) await knex('syndication_portals').where({ code: CODE }).update({ endpoint });
      hub.strapi.plugin('syndication').service('dispatcher').forgetPortals();
      const res = await hub.api.post('/items?publish=true', sampleItem({ title: `Thử ${endpoint}`, targets: { scope: 'portals', portals: [CODE] } }));
      expect(res.status).toBe(201);
      const d = await waitFor(`a refused attempt to ${endpoint}`, async () => {
        const x = (await deliveries(hub, res.data.data.documentId)).deliveries[0];
        return x.attempts >= 1 && x.lastError ? x : false;
      });
      expect({ endpoint, error: d.lastError }).toEqual({ endpoint, error: expect.stringContaining('Endpoint refused') });
      expect(d.status).toBe('retrying');
    }
    expect(connections).toBe(0);
    expect(requests).toBe(0);
  });

  it('delivers once the administrator allow-lists the host (the province platform on a private range)', async () => {
    hub.strapi.config.set('plugin::syndication.allowedHosts', ['cong-doi-dns.test']);
    await hub.strapi.db.connection('syndication_portals').where({ code: CODE }).update({ endpoint: `http://cong-doi-dns.test:${port}/inbox` });
    hub.strapi.plugin('syndication').service('dispatcher').forgetPortals();
    const res = await hub.api.post('/items?publish=true', sampleItem({ title: 'Cổng nội bộ được phép', targets: { scope: 'portals', portals: [CODE] } }));
    const d = await waitFor('delivered to the allow-listed host', async () => {
      const x = (await deliveries(hub, res.data.data.documentId)).deliveries[0];
      return x.status === 'delivered' ? x : false;
    });
    expect(d.lastHttpStatus).toBe(200);
    expect(requests).toBeGreaterThanOrEqual(1);
    // And it can be saved through the API too.
    const put = await hub.api.put(`/portals/${CODE}`, { endpoint: `http://cong-doi-dns.test:${port}/v2/inbox` });
    expect(put.status).toBe(200);
    hub.strapi.config.set('plugin::syndication.allowedHosts', ['127.0.0.1']);
    expect((await hub.api.put(`/portals/${CODE}`, { endpoint: `http://127.0.0.1:${port}/inbox` })).status).toBe(200);
    expect((await hub.api.put(`/portals/${CODE}`, { endpoint: `https://[::1]:${port}/inbox` })).status).toBe(400);
  });
});
