/**
 * The form's reference data (GET /syndication/form/options), fetched once per page load
 * and shared by the three pickers and the publish dialog.
 */
import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { UID } from '../../../server/src/constants';

export const ITEM_UID = UID.item;

export interface PortalOption {
  code: string;
  name: string;
  tier: 'province' | 'department' | 'commune';
  communeType: string | null;
  publishMode: 'live' | 'review';
}

export interface FormOptions {
  defaultCategory: string;
  categories: { code: string; name: string; label: string }[];
  kinds: { value: string; label: string }[];
  tiers: { value: PortalOption['tier']; label: string; count: number }[];
  portals: PortalOption[];
}

let cached: Promise<FormOptions> | null = null;

export function useFormOptions(): FormOptions | null {
  const { get } = useFetchClient();
  const [options, setOptions] = React.useState<FormOptions | null>(null);
  React.useEffect(() => {
    let live = true;
    cached ??= get('/syndication/form/options').then((res: any) => res.data.data as FormOptions);
    cached.then((o) => live && setOptions(o)).catch(() => {
      cached = null;
    });
    return () => {
      live = false;
    };
  }, [get]);
  return options;
}

export interface Targets {
  scope: 'all' | 'tiers' | 'portals';
  tiers?: string[];
  portals?: string[];
}

/** The same selection as the server's domain/targets.ts, to show the count while choosing. */
export function countTargets(portals: PortalOption[], t: Targets | null | undefined): number {
  if (!t || t.scope === 'all' || !t.scope) return portals.length;
  if (t.scope === 'tiers') return portals.filter((p) => (t.tiers ?? []).includes(p.tier)).length;
  const chosen = new Set(t.portals ?? []);
  return portals.filter((p) => chosen.has(p.code)).length;
}
