/**
 * Without SMTP settings the hub does not try to send: it logs each mail, writes it as an
 * .eml file when SYNDICATION_MAIL_OUTBOX names a folder (what `npm run demo` shows), and
 * keeps delivering.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, sampleItem, type Simulator } from '../helpers/portals';

let hub: Hub;
let sim: Simulator;
const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'syn-outbox-'));

beforeAll(async () => {
  hub = await bootHub({ env: { SMTP_HOST: '', SYNDICATION_MAIL_OUTBOX: outbox, SYNDICATION_MAIL_INTERVAL_MS: '200' } });
});

afterAll(async () => {
  await hub?.stop();
  await sim?.close();
  fs.rmSync(outbox, { recursive: true, force: true });
});

it('writes the mail it would send to the outbox and keeps working', async () => {
  const [A] = await hub.strapi.db.connection('syndication_portals').where({ tier: 'commune' }).orderBy('code').offset(30).limit(1).pluck('code');
  sim = await attachSimulator(hub, { codes: [A] });
  expect((await hub.api.put(`/portals/${A}`, { publishMode: 'review', editors: ['bientap@xa.bacninh.gov.vn'] })).status).toBe(200);
  const res = await hub.api.post('/items?publish=true', sampleItem({ title: 'Tin thử khi chưa cấu hình SMTP', targets: { scope: 'portals', portals: [A] } }));
  expect(res.status).toBe(201);
  await waitFor('awaiting review', async () => (await deliveries(hub, res.data.data.documentId)).summary.byStatus.awaiting_review === 1);

  const file = await waitFor('an .eml in the outbox', () => fs.readdirSync(outbox).find((f) => f.endsWith('.eml')));
  const mail = await simpleParser(fs.readFileSync(path.join(outbox, file)));
  expect(mail.subject).toContain('Tin chờ duyệt: Tin thử khi chưa cấu hình SMTP');
  expect((mail.to as any).text).toContain('bientap@xa.bacninh.gov.vn');
  expect(mail.text).toContain('đang chờ Ban biên tập duyệt');
  const row = await hub.strapi.db.connection('syndication_notifications').where({ kind: 'review' }).first();
  expect(row.outcome).toBe('logged');
});
