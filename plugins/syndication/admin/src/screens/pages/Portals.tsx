import * as React from 'react';
import { Badge, Box, Button, Field, Flex, IconButton, Modal, Searchbar, SingleSelect, SingleSelectOption, Table, Tbody, Td, Textarea, TextInput, Tr, Typography } from '@strapi/design-system';
import { HeaderRow } from '../components/HeaderRow';
import { Cross, Key, PaperPlane, Pencil, Play } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { ACTIONS, TIERS } from '../constants';
import { ReasonDialog } from '../components/ReasonDialog';
import { Refreshed } from '../components/Refreshed';
import { formatDateTime } from '../utils/format';
import { apiError, useCan, usePolling, useT } from '../utils/hooks';

interface PortalApi {
  code: string;
  name: string;
  tier: string;
  endpoint: string | null;
  publishMode: 'live' | 'review';
  contactEmail: string | null;
  active: boolean;
  sectionMap: Record<string, string>;
  editors?: string[];
  health: { healthy: boolean; pausedReason: string | null; pausedAt: string | null; failingSince: string | null; lastSuccessAt: string | null };
}

export const Health = ({ p }: { p: PortalApi }) => {
  const t = useT();
  if (!p.active) return <Badge variant="danger" title={p.health.pausedReason ?? ''}>{p.health.pausedReason ? t('portals.pausedReason', { reason: p.health.pausedReason }) : t('portals.paused')}</Badge>;
  if (!p.health.healthy) return <Badge variant="danger">{t('portals.unhealthy', { date: formatDateTime(p.health.failingSince) })}</Badge>;
  if (p.health.failingSince) return <Badge variant="warning">{t('portals.failingSince', { date: formatDateTime(p.health.failingSince) })}</Badge>;
  return <Badge variant="success">{t('portals.healthy')}</Badge>;
};

const linesToList = (text: string) => text.split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean);
const sectionText = (m: Record<string, string>) => Object.entries(m ?? {}).map(([k, v]) => `${k} = ${v}`).join('\n');
const textToSections = (text: string) => Object.fromEntries(text.split('\n').map((l) => l.split('=').map((s) => s.trim())).filter((p) => p.length === 2 && p[0] && p[1]));

const EditModal = ({ p, onClose, onSaved }: { p: PortalApi; onClose(): void; onSaved(): void }) => {
  const t = useT();
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [endpoint, setEndpoint] = React.useState(p.endpoint ?? '');
  const [mode, setMode] = React.useState<string>(p.publishMode);
  const [contact, setContact] = React.useState(p.contactEmail ?? '');
  const [editors, setEditors] = React.useState((p.editors ?? []).join('\n'));
  const [sections, setSections] = React.useState(sectionText(p.sectionMap));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const save = async () => {
    try {
      const body: Record<string, unknown> = { endpoint: endpoint || null, publishMode: mode, contactEmail: contact || null, sectionMap: textToSections(sections) };
      if (p.editors !== undefined || editors.trim()) body.editors = linesToList(editors);
      await put(`/syndication/portals/${encodeURIComponent(p.code)}`, body);
      toggleNotification({ type: 'success', message: t('portals.saved', { portal: p.name }) });
      onSaved();
    } catch (e: any) {
      const details = e?.response?.data?.error?.details?.errors ?? [];
      setErrors(Object.fromEntries(details.map((d: any) => [d.path?.[0], d.message])));
      toggleNotification({ type: 'danger', message: apiError(e) });
    }
  };
  return (
    <Modal.Root open onOpenChange={(o: boolean) => !o && onClose()}>
      <Modal.Content>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>{t('portals.editTitle', { portal: p.name })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="endpoint" error={errors.endpoint}>
              <Field.Label>{t('portals.endpoint')}</Field.Label>
              <TextInput value={endpoint} onChange={(e: any) => setEndpoint(e.target.value)} placeholder="https://…" />
              <Field.Error />
            </Field.Root>
            <Field.Root name="publishMode" error={errors.publishMode}>
              <Field.Label>{t('portals.mode')}</Field.Label>
              <SingleSelect value={mode} onChange={(v: any) => setMode(String(v))}>
                <SingleSelectOption value="live">{t('portals.mode.live')}</SingleSelectOption>
                <SingleSelectOption value="review">{t('portals.mode.review')}</SingleSelectOption>
              </SingleSelect>
              <Field.Error />
            </Field.Root>
            <Field.Root name="contactEmail" error={errors.contactEmail}>
              <Field.Label>{t('portals.contactEmail')}</Field.Label>
              <TextInput value={contact} onChange={(e: any) => setContact(e.target.value)} />
              <Field.Error />
            </Field.Root>
            <Field.Root name="editors" error={errors.editors}>
              <Field.Label>{t('portals.editors')}</Field.Label>
              <Textarea value={editors} onChange={(e: any) => setEditors(e.target.value)} />
              <Field.Error />
            </Field.Root>
            <Field.Root name="sectionMap" error={errors.sectionMap}>
              <Field.Label>{t('portals.sectionMap')}</Field.Label>
              <Textarea value={sections} onChange={(e: any) => setSections(e.target.value)} placeholder="8.1.c = chi-dao-dieu-hanh" />
              <Field.Error />
            </Field.Root>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={save}>{t('common.save')}</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

const PauseModal = ({ p, onClose, onDone }: { p: PortalApi; onClose(): void; onDone(): void }) => {
  const t = useT();
  return (
    <ReasonDialog
      title={t('portals.pauseTitle', { portal: p.name })}
      label={t('portals.pauseReason')}
      confirmLabel={t('portals.pause')}
      url={`/syndication/portals/${encodeURIComponent(p.code)}/pause`}
      successMessage={t('portals.paused.done', { portal: p.name })}
      testId="pause"
      onDone={onDone}
      onClose={onClose}
    />
  );
};

/** Confirms, rotates, then shows the new secret once: it is never readable again. */
const RotateModal = ({ p, onClose }: { p: PortalApi; onClose(): void }) => {
  const t = useT();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [secret, setSecret] = React.useState<string | null>(null);
  const [oldUntil, setOldUntil] = React.useState<string | null>(null);
  const rotate = async () => {
    try {
      const res = await post<any>(`/syndication/portals/${encodeURIComponent(p.code)}/rotate-secret`, {});
      setSecret(res.data.data.secret);
      setOldUntil(res.data.data.previousSecretValidUntil ?? null);
    } catch (e) {
      toggleNotification({ type: 'danger', message: apiError(e) });
    }
  };
  return (
    <Modal.Root open onOpenChange={(o: boolean) => !o && onClose()}>
      <Modal.Content>
        <Modal.Header closeLabel={t('common.close')}><Modal.Title>{t('portals.rotateTitle', { portal: p.name })}</Modal.Title></Modal.Header>
        <Modal.Body>
          {secret ? (
            <Flex direction="column" alignItems="stretch" gap={2}>
              <Typography>{t('portals.rotateShown')}</Typography>
              <Box background="neutral100" padding={3} hasRadius>
                <Typography data-testid="new-secret" style={{ wordBreak: 'break-all', fontFamily: 'monospace' }}>{secret}</Typography>
              </Box>
              {oldUntil ? <Typography variant="pi" textColor="neutral600">{t('portals.rotateOverlap', { date: formatDateTime(oldUntil) })}</Typography> : null}
            </Flex>
          ) : (
            <Typography>{t('portals.rotateConfirm')}</Typography>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>{secret ? t('common.close') : t('common.cancel')}</Button>
          {secret ? null : <Button variant="danger" startIcon={<Key />} onClick={rotate}>{t('portals.rotate')}</Button>}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

export const PortalsPage = () => {
  const t = useT();
  const can = useCan();
  const manage = can(ACTIONS.managePortals);
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { data, error, refreshedAt, refresh } = usePolling<{ data: PortalApi[] }>('/syndication/portals', 5000);
  const [tier, setTier] = React.useState('');
  const [search, setSearch] = React.useState('');
  const [dialog, setDialog] = React.useState<{ kind: 'edit' | 'pause' | 'rotate'; p: PortalApi } | null>(null);
  const q = search.trim().toLocaleLowerCase('vi');
  const rows = (data?.data ?? [])
    .filter((p) => (!tier || p.tier === tier) && (!q || p.name.toLocaleLowerCase('vi').includes(q) || p.code.toLowerCase().includes(q)))
    .sort((a, b) => TIERS.indexOf(a.tier as any) - TIERS.indexOf(b.tier as any) || a.name.localeCompare(b.name, 'vi'));

  const action = async (p: PortalApi, what: 'resume' | 'test') => {
    try {
      const res = await post<any>(`/syndication/portals/${encodeURIComponent(p.code)}/${what}`, {});
      const d = res.data.data;
      if (what === 'resume') toggleNotification({ type: 'success', message: t('portals.resumed', { portal: p.name, n: d.retried }) });
      else if (d.ok) toggleNotification({ type: 'success', message: t('portals.testOk', { portal: p.name, status: d.httpStatus, ms: d.durationMs }) });
      else toggleNotification({ type: 'danger', message: t('portals.testFailed', { portal: p.name, error: d.error ?? `HTTP ${d.httpStatus}` }) });
      refresh();
    } catch (e) {
      toggleNotification({ type: 'danger', message: apiError(e) });
    }
  };
  const close = () => setDialog(null);
  const done = () => { setDialog(null); refresh(); };

  return (
    <Page.Main>
      <Page.Title>{t('portals.title')}</Page.Title>
      <Layouts.Header title={t('portals.title')} subtitle={t('portals.subtitle', { n: data?.data.length ?? 0 })} secondaryAction={<Refreshed at={refreshedAt} />} />
      <Layouts.Action
        startActions={
          <Flex gap={3}>
            <Searchbar name="search" value={search} onChange={(e: any) => setSearch(e.target.value)} onClear={() => setSearch('')} clearLabel={t('common.cancel')} placeholder={t('portals.search')}>
              {t('portals.search')}
            </Searchbar>
            <Flex gap={2} alignItems="center">
              <Typography variant="pi" fontWeight="bold" id="portals-tier-label">{t('common.tier')}</Typography>
              <Box minWidth="200px">
                <SingleSelect aria-labelledby="portals-tier-label" value={tier} onChange={(v: any) => setTier(String(v))}>
                  <SingleSelectOption value="">{t('common.all')}</SingleSelectOption>
                  {TIERS.map((x) => <SingleSelectOption key={x} value={x}>{t(`tier.${x}`)}</SingleSelectOption>)}
                </SingleSelect>
              </Box>
            </Flex>
          </Flex>
        }
      />
      <Layouts.Content>
        {error ? <Typography textColor="danger600">{t('common.error', { message: error })}</Typography> : null}
        <Table colCount={6} rowCount={rows.length + 1} data-testid="portals-table">
          <HeaderRow labels={[t('common.portal'), t('common.tier'), t('portals.mode'), t('portals.health'), t('portals.lastSuccess'), ' ']} />
          <Tbody>
            {rows.map((p) => (
              <Tr key={p.code} data-testid="portal-row" data-portal={p.code}>
                <Td style={{ maxWidth: 280, whiteSpace: 'normal' }}>
                  <Typography fontWeight="bold" tag="p">{p.name}</Typography>
                  <Typography variant="pi" textColor="neutral600" ellipsis tag="p" title={p.endpoint ?? ''} style={{ maxWidth: 260 }}>{p.code} · {p.endpoint ?? '—'}</Typography>
                </Td>
                <Td><Typography>{t(`tier.${p.tier}`)}</Typography></Td>
                <Td><Typography>{t(`portals.mode.${p.publishMode}`)}</Typography></Td>
                <Td style={{ whiteSpace: 'normal', maxWidth: 220 }}><Health p={p} /></Td>
                <Td><Typography>{formatDateTime(p.health.lastSuccessAt)}</Typography></Td>
                <Td>
                  {manage ? (
                    <Flex gap={1}>
                      {p.active ? (
                        <IconButton label={t('portals.pause')} variant="ghost" onClick={() => setDialog({ kind: 'pause', p })}><Cross /></IconButton>
                      ) : (
                        <IconButton label={t('portals.resume')} variant="ghost" onClick={() => action(p, 'resume')}><Play /></IconButton>
                      )}
                      <IconButton label={t('portals.test')} variant="ghost" onClick={() => action(p, 'test')}><PaperPlane /></IconButton>
                      <IconButton label={t('portals.rotate')} variant="ghost" onClick={() => setDialog({ kind: 'rotate', p })}><Key /></IconButton>
                      <IconButton label={t('portals.edit')} variant="ghost" onClick={() => setDialog({ kind: 'edit', p })}><Pencil /></IconButton>
                    </Flex>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Layouts.Content>
      {dialog?.kind === 'edit' ? <EditModal p={dialog.p} onClose={close} onSaved={done} /> : null}
      {dialog?.kind === 'pause' ? <PauseModal p={dialog.p} onClose={close} onDone={done} /> : null}
      {dialog?.kind === 'rotate' ? <RotateModal p={dialog.p} onClose={() => { close(); refresh(); }} /> : null}
    </Page.Main>
  );
};
