import * as React from 'react';
import { useIntl } from 'react-intl';
import { useAuth, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { PLUGIN_ID, POLL_MS } from '../constants';
import vi from '../translations/vi.json';

type Values = Record<string, string | number | React.ReactNode>;

/** t('overview.title'): this plugin's messages, Vietnamese when a key is missing. */
export function useT() {
  const { formatMessage } = useIntl();
  return React.useCallback(
    (key: keyof typeof vi | string, values?: Values) => formatMessage({ id: `${PLUGIN_ID}.${key}`, defaultMessage: (vi as Record<string, string>)[key] ?? key }, values as any) as string,
    [formatMessage]
  );
}

type HeldPermission = { action: string; conditions?: string[] | null };

const useHeld = () => useAuth('syndication', (state: any) => state.permissions) as HeldPermission[] | undefined;

/** The admin actions the signed-in user holds (conditions are checked by the server). */
export function useCan() {
  const permissions = useHeld();
  return React.useCallback((action: string) => (permissions ?? []).some((p) => p.action === action), [permissions]);
}

/** False until the signed-in user's permissions have arrived (they start empty). */
export function usePermissionsLoaded() {
  return (useHeld() ?? []).length > 0;
}

/** True when the user holds `action` only for their own portals (a component portal's editor). */
export function useOnlyOwnPortals(action: string) {
  const held = (useHeld() ?? []).filter((p) => p.action === action);
  return held.length > 0 && held.every((p) => (p.conditions ?? []).length > 0);
}

export interface Polled<T> {
  data?: T;
  error: string | null;
  loading: boolean;
  refreshedAt: Date | null;
  refresh(): void;
}

/**
 * GETs `url` now and every few seconds while the page is open (and visible), so
 * progress moves without reloading. `url` null = nothing to load.
 */
export function usePolling<T>(url: string | null, intervalMs = POLL_MS): Polled<T> {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data?: T; error: string | null; refreshedAt: Date | null }>({ error: null, refreshedAt: null });
  const [loading, setLoading] = React.useState(Boolean(url));
  const [tick, setTick] = React.useState(0);

  React.useEffect(() => {
    if (!url) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const res = await get(url);
        if (!stopped) setState({ data: res.data as T, error: null, refreshedAt: new Date() });
      } catch (e: any) {
        const message = e?.response?.data?.error?.message ?? e?.message ?? String(e);
        if (!stopped) setState((s) => ({ ...s, error: message }));
      } finally {
        if (!stopped) {
          setLoading(false);
          timer = setTimeout(tickOnce, intervalMs);
        }
      }
    };
    const tickOnce = () => {
      if (document.visibilityState === 'hidden') timer = setTimeout(tickOnce, intervalMs);
      else void load();
    };
    void load();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [url, intervalMs, tick, get]);

  return { ...state, loading, refresh: React.useCallback(() => setTick((n) => n + 1), []) };
}

/**
 * The API's error message (already Vietnamese first) from a fetch-client error; for a 400
 * with field details, the fields' own messages, which say what to fix.
 */
export const apiError = (e: any): string => {
  const error = e?.response?.data?.error;
  const fields: { message?: string }[] = error?.details?.errors ?? [];
  const messages = [...new Set(fields.map((f) => f.message).filter(Boolean))];
  return messages.length ? messages.join('; ') : error?.message ?? e?.message ?? String(e);
};

/**
 * Runs an admin request: on success shows the message `success` makes of its result (none
 * when it returns nothing), on failure the API's error (apiError) as a danger notification.
 * Resolves to whether the request succeeded, so the caller can then clear or refresh.
 */
export function useApiAction() {
  const { toggleNotification } = useNotification();
  return React.useCallback(
    async <R>(request: () => Promise<R>, success?: (result: R) => string | null | undefined | void): Promise<boolean> => {
      try {
        const result = await request();
        const message = success?.(result);
        if (message) toggleNotification({ type: 'success', message });
        return true;
      } catch (e) {
        toggleNotification({ type: 'danger', message: apiError(e) });
        return false;
      }
    },
    [toggleNotification]
  );
}

/**
 * A checkbox selection of table rows by id. Ids that left `rows` are forgotten each time
 * `data` (the polled response the rows come from) changes.
 */
export function useSelection(rows: { id: number }[], data: unknown) {
  const [selected, setSelected] = React.useState<Set<number>>(new Set());
  React.useEffect(() => {
    setSelected((s) => new Set([...s].filter((id) => rows.some((r) => r.id === id))));
  }, [data]);
  const toggle = (id: number, on: boolean) => setSelected((s) => { const n = new Set(s); on ? n.add(id) : n.delete(id); return n; });
  const setAll = (on: boolean) => setSelected(on ? new Set(rows.map((r) => r.id)) : new Set());
  const clear = () => setSelected(new Set());
  const allOn = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return { selected, toggle, setAll, clear, allOn };
}
