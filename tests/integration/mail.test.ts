/**
 * E-mail notifications (issue #7, section 4), read back from a real local SMTP server:
 * the hub's email plugin (nodemailer provider) talks SMTP to it like to the province's
 * mail server.
 */
import { adminSession, type AdminSession } from '../helpers/admin';
import { bootHub, waitFor, type Hub } from '../helpers/hub';
import { attachSimulator, deliveries, sampleItem, type Simulator } from '../helpers/portals';
import { startSmtp, type CaughtMail, type SmtpCatcher } from '../helpers/smtp';

const DIGEST_WINDOW_MS = 2500;

let hub: Hub;
let sim: Simulator;
let smtp: SmtpCatcher;
let A: string; // review mode, two editors
let B: string; // review mode, no editors: its contact address is told
let C: string; // live mode, fails for good
let syndicationAdmin: AdminSession;
const editors = ['bientap1@xa-a.bacninh.gov.vn', 'bientap2@xa-a.bacninh.gov.vn'];
const contact = 'vanthu@xa-b.bacninh.gov.vn';

const notifier = () => hub.strapi.plugin('syndication').service('notifier');
const mailsTo = (address: string) => smtp.messages.filter((m) => m.envelopeTo.includes(address));

beforeAll(async () => {
  smtp = await startSmtp();
  hub = await bootHub({
    env: {
      ...smtp.env,
      SYNDICATION_MAIL_INTERVAL_MS: '200',
      SYNDICATION_MAIL_DIGEST_WINDOW_MS: String(DIGEST_WINDOW_MS),
      SYNDICATION_RETRY_SCHEDULE: '0.2',
      SYNDICATION_RECONCILE_INTERVAL_MS: '1000',
      // A portal failing with 5xx is unhealthy at once (48 h in production).
      SYNDICATION_UNHEALTHY_AFTER_HOURS: '0',
    },
  });
  [A, B, C] = await hub.strapi.db.connection('syndication_portals').where({ tier: 'commune' }).orderBy('code').offset(20).limit(3).pluck('code');
  sim = await attachSimulator(hub, { codes: [A, B, C] });
  expect((await hub.api.put(`/portals/${A}`, { publishMode: 'review', editors })).status).toBe(200);
  expect((await hub.api.put(`/portals/${B}`, { publishMode: 'review', editors: [], contactEmail: contact })).status).toBe(200);
  syndicationAdmin = await adminSession(hub, { roles: ['Quản trị đồng bộ'], email: 'quantri@stttt.bacninh.gov.vn' });
  // Holds no syndication-admin role: must not receive the administrators' mail.
  await adminSession(hub, { roles: ['Biên tập viên cổng tỉnh'], email: 'bientap@stttt.bacninh.gov.vn' });
});

afterAll(async () => {
  await hub?.stop();
  await sim?.close();
  await smtp?.close();
});

const publishTo = async (portals: string[], title: string) => {
  const res = await hub.api.post('/items?publish=true', sampleItem({ title, issuedAt: new Date().toISOString(), targets: { scope: 'portals', portals } }));
  expect(res.status).toBe(201);
  return res.data.data.documentId as string;
};

describe('editors: an item awaiting review', () => {
  let first: CaughtMail;

  it("sends exactly one e-mail, in Vietnamese, to the portal's editors", async () => {
    const documentId = await publishTo([A], 'UBND tỉnh chỉ đạo phòng chống rét đậm, rét hại');
    await waitFor('awaiting review on A', async () => (await deliveries(hub, documentId)).summary.byStatus.awaiting_review === 1);
    first = await waitFor('a mail to the editors of A', () => mailsTo(editors[0])[0]);
    expect(first.envelopeTo.sort()).toEqual([...editors].sort());
    expect(first.subject).toContain('Tin chờ duyệt: UBND tỉnh chỉ đạo phòng chống rét đậm, rét hại');
    expect(first.text).toContain('đang chờ Ban biên tập duyệt');
    expect(first.text).toMatch(/hạn đăng: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(first.text).toContain('/admin/plugins/syndication/inbox');
    expect(first.from).toContain('no-reply@bacninh.gov.vn');

    // Further passes of the notifier (other processes would do the same) send nothing more.
    await notifier().tick();
    await notifier().tick();
    expect(mailsTo(editors[0])).toHaveLength(1);
    expect(mailsTo(editors[1])).toHaveLength(1);
  });

  it('gathers what arrives within the digest window after it into one digest', async () => {
    const titles = ['Tin thứ nhất của đợt', 'Tin thứ hai của đợt', 'Tin thứ ba của đợt'];
    for (const t of titles) await publishTo([A], t);
    const digest = await waitFor('the digest', () => mailsTo(editors[0])[1], 20000);
    expect(digest.subject).toContain('3 tin chờ duyệt');
    for (const t of titles) expect(digest.text).toContain(t);
    await notifier().tick();
    expect(mailsTo(editors[0])).toHaveLength(2);
  });

  it("tells the portal's contact address when it lists no editors", async () => {
    await publishTo([B], 'Tin gửi xã chưa có biên tập viên');
    const mail = await waitFor('a mail to the contact address of B', () => mailsTo(contact)[0]);
    expect(mail.subject).toContain('Tin gửi xã chưa có biên tập viên');
    expect(mailsTo(editors[0]).some((m) => m.subject.includes('chưa có biên tập viên'))).toBe(false);
  });
});

describe('administrators', () => {
  it('a delivery that fails for good sends one e-mail to the syndication administrators only', async () => {
    sim.setFault(C, { mode: 'error', status: 422 });
    const documentId = await publishTo([C], 'Tin gửi lỗi tới xã C');
    await waitFor('failed on C', async () => (await deliveries(hub, documentId)).summary.byStatus.failed === 1);
    const mail = await waitFor('a mail to the administrators', () => mailsTo(syndicationAdmin.email).find((m) => m.text.includes('Tin gửi lỗi tới xã C')));
    expect(mail.envelopeTo).toEqual([syndicationAdmin.email]);
    expect(mail.subject).toContain('1 bản phân phối lỗi');
    expect(mail.text).toContain('HTTP 422');
    expect(mail.text).toContain('/admin/plugins/syndication/failures');
    await notifier().tick();
    expect(mailsTo(syndicationAdmin.email).filter((m) => m.text.includes('Tin gửi lỗi tới xã C'))).toHaveLength(1);
    expect(mailsTo('bientap@stttt.bacninh.gov.vn')).toHaveLength(0);
    sim.setFault(C, { mode: 'healthy' });
  });

  it('a portal that answers 410 Gone is reported as paused', async () => {
    sim.setFault(C, { mode: 'gone' });
    await publishTo([C], 'Tin tới cổng đã ngừng');
    const mail = await waitFor('the paused-portal mail', () => mailsTo(syndicationAdmin.email).find((m) => m.text.includes('Cổng tạm dừng nhận tin')), 20000);
    expect(mail.text).toContain(`(${C})`);
    sim.setFault(C, { mode: 'healthy' });
    expect((await hub.api.put(`/portals/${C}`, { active: true })).status).toBe(200);
  });

  it('deliveries that will miss their deadline within one working day are reported once; a portal failing for long is reported unhealthy', async () => {
    sim.setFault(C, { mode: 'error', status: 503 });
    const documentId = await publishTo([C], 'Tin sắp quá hạn ở xã C');
    const row = await waitFor('retrying on C', async () => (await deliveries(hub, documentId)).deliveries.find((d) => d.status === 'retrying' || d.status === 'failed'));
    // The deadline is close: in two hours.
    await hub.strapi.db.connection('syndication_deliveries').where({ id: row.id }).update({ deadline_at: new Date(Date.now() + 2 * 3600 * 1000) });
    const mail = await waitFor('the deadline mail', () => mailsTo(syndicationAdmin.email).find((m) => m.text.includes('Sắp quá hạn') && m.text.includes('Tin sắp quá hạn ở xã C')), 20000);
    expect(mail.text).toMatch(/hạn \d{2}\/\d{2}\/\d{4}/);
    await notifier().tick();
    expect(mailsTo(syndicationAdmin.email).filter((m) => m.text.includes('Sắp quá hạn') && m.text.includes('Tin sắp quá hạn ở xã C'))).toHaveLength(1);
    const unhealthy = await waitFor('the unhealthy-portal mail', () => mailsTo(syndicationAdmin.email).find((m) => m.text.includes('Cổng không nhận được tin trong thời gian dài')), 20000);
    expect(unhealthy.text).toContain(`(${C})`);
    sim.setFault(C, { mode: 'healthy' });
  });
});
