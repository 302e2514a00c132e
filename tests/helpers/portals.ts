/**
 * Points the hub's portals at a simulator of real HTTP receivers on loopback.
 */
import type { Hub } from './hub';

const kit = () => require('../../plugins/syndication/dist/server/receiver-kit');

export type { Simulator } from '../../plugins/syndication/server/src/receiver-kit';

type Topology = import('../../plugins/syndication/server/src/receiver-kit').Topology;
type Sim = import('../../plugins/syndication/server/src/receiver-kit').Simulator;

/** The simulator's topologies: one port per portal, or every portal on one host and port. */
export const TOPOLOGIES: Topology[] = ['per-port', 'shared'];

/** Starts a simulator of the hub's portals (all, or `codes`) and points those portals at it. */
export async function attachSimulator(hub: Hub, opts: { codes?: string[]; topology?: Topology } = {}): Promise<Sim> {
  // Secrets are sealed at rest: the simulator gets them in clear from the secrets service.
  let portals: { code: string; secret: string }[] = await hub.strapi.plugin('syndication').service('secrets').openAll();
  if (opts.codes) portals = portals.filter((p: any) => opts.codes!.includes(p.code));
  const sim: Sim = await kit().startSimulator({ portals, topology: opts.topology });
  await pointPortalsAt(hub, sim);
  return sim;
}

/** Points the simulated portals' endpoints at `sim` (and makes the running worker re-read them). */
export async function pointPortalsAt(hub: Hub, sim: Sim): Promise<void> {
  const knex = hub.strapi.db.connection;
  await knex.transaction(async (trx: any) => {
    for (const p of sim.portals.values()) await trx('syndication_portals').where({ code: p.code }).update({ endpoint: p.endpoint, active: true });
  });
  hub.strapi.plugin('syndication').service('dispatcher').forgetPortals();
}

export const sampleItem = (overrides: Record<string, unknown> = {}) => ({
  title: 'UBND tỉnh chỉ đạo khắc phục hậu quả mưa lũ',
  summary: 'Chủ tịch UBND tỉnh yêu cầu các xã, phường chủ động ứng phó.',
  // Passive markup outside the allow-list (as pasted from Word): accepted, delivered sanitised.
  body: '<p>Nội dung chỉ đạo <strong>khẩn</strong>.</p><p class="MsoNormal" style="position:fixed">Đề nghị các đơn vị thực hiện.</p>',
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
