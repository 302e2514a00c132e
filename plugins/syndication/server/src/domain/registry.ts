/**
 * The 119 portals of Plan 65, Task 8: 1 provincial People's Committee portal,
 * 19 provincial bodies and 99 communes/wards, built from the reference files
 * copied into database/data (see database/data/README.md).
 */
import type { CommuneType, Tier } from '../constants';
import { parseCsv } from './csv';

export interface PortalSeed {
  code: string;
  name: string;
  tier: Tier;
  communeType: CommuneType | null;
  seededFrom: string;
}

export const PROVINCIAL_PORTAL: PortalSeed = {
  code: 'UBND',
  name: 'Cổng Thông tin điện tử UBND tỉnh Bắc Ninh',
  tier: 'province',
  communeType: null,
  seededFrom: 'plan-65',
};

export function buildRegistry(bodiesCsv: string, communesCsv: string): PortalSeed[] {
  const bodies = parseCsv(bodiesCsv).map<PortalSeed>((r) => ({
    code: r.code,
    name: r.name,
    tier: 'department',
    communeType: null,
    seededFrom: 'provincial-bodies-2025',
  }));
  const communes = parseCsv(communesCsv).map<PortalSeed>((r) => {
    if (!/^\d{5}$/.test(r.code)) throw new Error(`commune code "${r.code}" is not 5 digits`);
    if (r.type !== 'xã' && r.type !== 'phường') throw new Error(`commune ${r.code} has type "${r.type}"`);
    return { code: r.code, name: r.name, tier: 'commune', communeType: r.type, seededFrom: 'communes-wards-2025' };
  });
  return [PROVINCIAL_PORTAL, ...bodies, ...communes];
}
