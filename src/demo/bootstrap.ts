/**
 * Demo wiring, run only under `npm run demo` (SYNDICATION_DEMO=true, its own database
 * file). Never part of `npm start`. It:
 *  - creates a demo administrator on first run;
 *  - starts 119 simulated portal receivers on loopback and points the portals at them,
 *    a few with faults so the first screen shows retries that recover;
 *  - on first run, puts a few communes in `review` mode with a demo component editor
 *    (role "Biên tập viên cổng thành phần") as their editor, so their inbox has work;
 *  - publishes one sample item the first time.
 */
import type { Core } from '@strapi/strapi';

export const DEMO_ADMIN = { email: 'admin@demo.bacninh.local', password: 'DemoBacNinh2025!', firstname: 'Quản trị', lastname: 'Demo' };
/** A component portal's editor: reviews the communes the demo puts in review mode. */
export const DEMO_EDITOR = { email: 'bientap.xa@demo.bacninh.local', password: 'DemoBacNinh2025!', firstname: 'Biên tập', lastname: 'Xã' };
const REVIEW_COMMUNES = 3;

/** The commune editor and the communes they review for (first run only; an administrator's edits are kept). */
async function seedDemoEditor(strapi: Core.Strapi) {
  const users = strapi.service('admin::user') as any;
  const role = await strapi.db.query('admin::role').findOne({ where: { name: 'Biên tập viên cổng thành phần' } });
  if (!role || (await strapi.db.query('admin::user').findOne({ where: { email: DEMO_EDITOR.email } }))) return;
  await users.create({ ...DEMO_EDITOR, roles: [role.id], isActive: true, registered: true });
  const codes: string[] = await strapi.db.connection('syndication_portals').where({ tier: 'commune' }).orderBy('code').limit(REVIEW_COMMUNES).pluck('code');
  for (const code of codes) {
    await strapi.db.connection('syndication_portals').where({ code }).update({ publish_mode: 'review', editors: JSON.stringify([DEMO_EDITOR.email]) });
  }
  strapi.log.info(`[demo] created the commune editor ${DEMO_EDITOR.email}, reviewing ${codes.join(', ')}`);
}

export async function runDemoBootstrap(strapi: Core.Strapi) {
  const adminUsers = strapi.service('admin::user') as any;
  if (!(await adminUsers.exists())) {
    const superAdmin = await (strapi.service('admin::role') as any).getSuperAdmin();
    // Also a syndication administrator, so the failure and deadline e-mails have a reader.
    const syndicationAdmin = await strapi.db.query('admin::role').findOne({ where: { name: 'Quản trị đồng bộ' } });
    await adminUsers.create({ ...DEMO_ADMIN, roles: [superAdmin.id, ...(syndicationAdmin ? [syndicationAdmin.id] : [])], isActive: true, registered: true });
    strapi.log.info(`[demo] created the demo administrator ${DEMO_ADMIN.email}`);
  }

  await seedDemoEditor(strapi);

  const { startSimulator } = require('../../../plugins/syndication/dist/server/receiver-kit');
  const knex = strapi.db.connection;
  const portals = await strapi.plugin('syndication').service('secrets').openAll();
  const sim = await startSimulator({ portals, basePort: Number(process.env.SYNDICATION_DEMO_BASE_PORT || 4100) });
  for (const p of sim.portals.values()) {
    await knex('syndication_portals').where({ code: p.code }).update({ endpoint: p.endpoint, active: true, paused_reason: null, paused_at: null });
  }
  // A few faults that heal themselves, so retries and recovery are visible at once.
  const codes = [...sim.portals.keys()];
  const until = Date.now() + 20000;
  codes.slice(3, 6).forEach((c) => sim.setFault(c, { mode: 'down-until', until }));
  codes.slice(10, 12).forEach((c) => sim.setFault(c, { mode: 'flaky', failureRate: 0.6 }));
  sim.setFault(codes[20], { mode: 'slow', delayMs: 3000 });
  // One portal refuses for a while (HTTP 400, not retried by itself): "Lỗi gửi" has a failure
  // an administrator can send again by hand once it accepts.
  sim.setFault(codes[30], { mode: 'error', status: 400 });
  setTimeout(() => sim.setFault(codes[30], { mode: 'healthy' }), 15000).unref();
  strapi.log.info(`[demo] ${sim.portals.size} simulated portals listening on 127.0.0.1:${Math.min(...[...sim.portals.values()].map((p: any) => p.port))}+`);
  (strapi as any).demoSimulator = sim;

  const items = await strapi.documents('plugin::syndication.item').count({});
  if (items === 0) {
    const created = await strapi.documents('plugin::syndication.item').create({
      data: {
        title: 'Chủ tịch UBND tỉnh chỉ đạo triển khai đồng bộ thông tin trên 119 cổng thành phần',
        summary: 'UBND tỉnh yêu cầu các sở, ngành và UBND các xã, phường cập nhật kịp thời thông tin chỉ đạo, điều hành theo Kế hoạch 65/KH-UBND.',
        body: '<p>Thực hiện Kế hoạch số 65/KH-UBND ngày 15/9/2025, Chủ tịch UBND tỉnh yêu cầu các cơ quan, đơn vị đăng tải thông tin chỉ đạo, điều hành trong vòng <strong>02 ngày làm việc</strong>.</p>',
        bodyFormat: 'html',
        category: '8.1.c',
        kind: 'direction',
        issuer: 'Chủ tịch UBND tỉnh Bắc Ninh',
        documentNumber: '65/KH-UBND',
        issuedAt: new Date().toISOString(),
      } as any,
      status: 'published',
    });
    strapi.log.info(`[demo] published the sample item ${created.documentId} to ${sim.portals.size} portals`);
  }

  strapi.server.httpServer.on('close', () => void sim.close());
}
