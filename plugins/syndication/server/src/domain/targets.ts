/**
 * Which portals an item goes to. An item targets every portal, one or more tiers,
 * or an explicit list of portal codes.
 */
import { TARGET_SCOPES, TIERS, type TargetScope, type Tier } from '../constants';

export interface Targets {
  scope: TargetScope;
  tiers?: Tier[];
  portals?: string[];
}

export interface TargetablePortal {
  code: string;
  tier: Tier;
}

export const DEFAULT_TARGETS: Targets = { scope: 'all' };

export function normaliseTargets(input: unknown): Targets {
  if (!input || typeof input !== 'object') return { ...DEFAULT_TARGETS };
  const t = input as Partial<Targets>;
  const scope = (TARGET_SCOPES as readonly string[]).includes(t.scope as string) ? (t.scope as TargetScope) : 'all';
  if (scope === 'tiers') return { scope, tiers: [...new Set((t.tiers ?? []).filter((x) => (TIERS as readonly string[]).includes(x)))] };
  if (scope === 'portals') return { scope, portals: [...new Set((t.portals ?? []).map(String))] };
  return { scope: 'all' };
}

export function selectTargets<P extends TargetablePortal>(portals: P[], targets: Targets): P[] {
  switch (targets.scope) {
    case 'tiers': {
      const tiers = new Set(targets.tiers ?? []);
      return portals.filter((p) => tiers.has(p.tier));
    }
    case 'portals': {
      const codes = new Set(targets.portals ?? []);
      return portals.filter((p) => codes.has(p.code));
    }
    default:
      return portals;
  }
}
