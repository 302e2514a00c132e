/**
 * Points the hub's portals at a simulator of real HTTP receivers on loopback.
 */
import type { Hub } from './hub';

const kit = () => require('../../plugins/syndication/dist/server/receiver-kit');

export type { Simulator } from '../../plugins/syndication/server/src/receiver-kit';

export async function attachSimulator(hub: Hub, opts: { codes?: string[] } = {}) {
  const knex = hub.strapi.db.connection;
  let portals = await knex('syndication_portals').select('code', 'secret').orderBy('code');
  if (opts.codes) portals = portals.filter((p: any) => opts.codes!.includes(p.code));
  const sim = await kit().startSimulator({ portals });
  for (const p of sim.portals.values()) {
    await knex('syndication_portals').where({ code: p.code }).update({ endpoint: p.endpoint, active: true });
  }
  return sim as import('../../plugins/syndication/server/src/receiver-kit').Simulator;
}

export const sampleItem = (overrides: Record<string, unknown> = {}) => ({
  title: 'UBND tỉnh chỉ đạo khắc phục hậu quả mưa lũ',
  summary: 'Chủ tịch UBND tỉnh yêu cầu các xã, phường chủ động ứng phó.',
  body: '<p>Nội dung chỉ đạo <strong>khẩn</strong>.</p><script>alert(1)</script>',
  category: '8.1.c',
  kind: 'direction',
  issuer: 'Chủ tịch UBND tỉnh',
  documentNumber: '123/UBND-NN',
  issuedAt: '2026-11-20T08:00:00+07:00',
  effectiveAt: '2026-11-20',
  ...overrides,
});

export async function deliveries(hub: Hub, documentId: string) {
  const res = await hub.api.get(`/items/${documentId}/deliveries`);
  if (res.status !== 200) throw new Error(`deliveries: HTTP ${res.status} ${JSON.stringify(res.data)}`);
  return res.data as { summary: { total: number; byStatus: Record<string, number> }; deliveries: any[] };
}
