import * as React from 'react';
import { Box, Button, Checkbox, Combobox, ComboboxOption, Flex, IconButton, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { HeaderRow } from '../components/HeaderRow';
import { ArrowClockwise, Clock } from '@strapi/icons';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { ACTIONS } from '../constants';
import { DeliveryHistory } from '../components/DeliveryHistory';
import { Refreshed } from '../components/Refreshed';
import { StatusBadge } from '../components/StatusBadge';
import { formatDateTime } from '../utils/format';
import { useApiAction, useCan, usePolling, useSelection, useT } from '../utils/hooks';

export const FailuresPage = () => {
  const t = useT();
  const can = useCan();
  const { post } = useFetchClient();
  const act = useApiAction();
  const [portal, setPortal] = React.useState<string>('');
  const [historyOf, setHistoryOf] = React.useState<number | null>(null);
  const { data: portals } = usePolling<{ data: { code: string; name: string }[] }>('/syndication/portals', 60000);
  const url = `/syndication/failures?pageSize=200${portal ? `&portal=${encodeURIComponent(portal)}` : ''}`;
  const { data, error, refreshedAt, refresh } = usePolling<{ data: any[]; meta: { total: number } }>(url);
  const rows = data?.data ?? [];
  const canRetry = can(ACTIONS.retry);
  const portalName = portals?.data.find((p) => p.code === portal)?.name ?? portal;
  // Selections that left the list (delivered after a retry) are forgotten.
  const { selected, toggle, setAll, clear, allOn } = useSelection(rows, data);

  const run = async (url: string, body: unknown) => {
    const ok = await act(
      () => post<any>(url, body),
      (res) => t('failures.retried', { n: res.data?.data?.retried ?? (res.data?.data?.status ? 1 : 0) })
    );
    if (ok) {
      clear();
      refresh();
    }
  };

  return (
    <Page.Main>
      <Page.Title>{t('failures.title')}</Page.Title>
      <Layouts.Header title={t('failures.title')} subtitle={data ? `${t('failures.subtitle')} · ${data.meta.total}` : t('failures.subtitle')} secondaryAction={<Refreshed at={refreshedAt} />} />
      <Layouts.Action
        startActions={
          <Box minWidth="320px">
            <Combobox aria-label={t('failures.filterPortal')} placeholder={t('failures.filterPortal')} value={portal} onChange={(v: any) => setPortal(v ? String(v) : '')} onClear={() => setPortal('')} data-testid="failures-portal">
              {(portals?.data ?? []).map((p) => <ComboboxOption key={p.code} value={p.code}>{`${p.name} (${p.code})`}</ComboboxOption>)}
            </Combobox>
          </Box>
        }
        endActions={
          canRetry ? (
            <Flex gap={2}>
              <Button variant="secondary" startIcon={<ArrowClockwise />} disabled={selected.size === 0} onClick={() => run('/syndication/deliveries/retry', { ids: [...selected] })}>
                {t('failures.retrySelected', { n: selected.size })}
              </Button>
              {portal ? (
                <Button variant="default" startIcon={<ArrowClockwise />} onClick={() => run(`/syndication/portals/${encodeURIComponent(portal)}/retry-failed`, {})}>
                  {t('failures.retryPortal', { portal: portalName })}
                </Button>
              ) : null}
            </Flex>
          ) : null
        }
      />
      <Layouts.Content>
        {error ? <Typography textColor="danger600">{t('common.error', { message: error })}</Typography> : null}
        {data && rows.length === 0 ? (
          <Box background="neutral0" padding={8} hasRadius shadow="tableShadow"><Typography textColor="success600">{t('failures.empty')}</Typography></Box>
        ) : null}
        {rows.length > 0 ? (
          <Table colCount={9} rowCount={rows.length + 1} data-testid="failures-table">
            <HeaderRow lead={canRetry ? <Checkbox aria-label="all" checked={allOn} onCheckedChange={(v: any) => setAll(Boolean(v))} /> : null} labels={[t('common.portal'), t('common.item'), t('common.status'), t('failures.attempts'), t('failures.httpStatus'), t('failures.lastError'), t('failures.nextAttempt'), ' ']} />
            <Tbody>
              {rows.map((d) => (
                <Tr key={d.id} data-testid="failure-row" data-portal={d.portal} data-delivery-id={d.id}>
                  <Td>{canRetry ? <Checkbox aria-label={`${d.portal} ${d.id}`} checked={selected.has(d.id)} onCheckedChange={(v: any) => toggle(d.id, Boolean(v))} /> : null}</Td>
                  <Td style={{ whiteSpace: 'normal', maxWidth: 200 }}><Typography>{d.portalName}</Typography></Td>
                  <Td style={{ maxWidth: 220 }}><Typography ellipsis title={d.itemTitle ?? ''}>{d.itemTitle}</Typography></Td>
                  <Td><StatusBadge status={d.status} /></Td>
                  <Td><Typography>{d.attempts}</Typography></Td>
                  <Td><Typography>{d.lastHttpStatus ?? '—'}</Typography></Td>
                  <Td style={{ maxWidth: 240 }}><Typography ellipsis textColor="danger600" title={d.lastError ?? ''}>{d.lastError ?? ''}</Typography></Td>
                  <Td><Typography>{d.status === 'retrying' ? formatDateTime(d.nextAttemptAt) : '—'}</Typography></Td>
                  <Td>
                    <Flex gap={1}>
                      <IconButton label={t('failures.history')} variant="ghost" onClick={() => setHistoryOf(d.id)}><Clock /></IconButton>
                      {canRetry ? <IconButton label={t('failures.retry')} variant="ghost" onClick={() => run(`/syndication/deliveries/${d.id}/retry`, {})}><ArrowClockwise /></IconButton> : null}
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        ) : null}
      </Layouts.Content>
      {historyOf != null ? <DeliveryHistory id={historyOf} onClose={() => setHistoryOf(null)} /> : null}
    </Page.Main>
  );
};
