import * as React from 'react';
import { Button, Flex, Link as DSLink, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { HeaderRow } from '../components/HeaderRow';
import { ArrowClockwise, ArrowLeft } from '@strapi/icons';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { Link, useParams } from 'react-router-dom';
import { ACTIONS, BASE_PATH } from '../constants';
import { DeliveryHistory } from '../components/DeliveryHistory';
import { DeliveryProgress } from '../components/Progress';
import { Refreshed } from '../components/Refreshed';
import { StatusBadge } from '../components/StatusBadge';
import { formatDateTime } from '../utils/format';
import { useApiAction, useCan, usePolling, useT } from '../utils/hooks';
import { Section } from './Overview';

/** One item on every portal: the details the side panel links to. */
export const ItemPage = () => {
  const t = useT();
  const can = useCan();
  const { documentId } = useParams();
  const { post } = useFetchClient();
  const act = useApiAction();
  const [historyOf, setHistoryOf] = React.useState<number | null>(null);
  const { data, error, refreshedAt, refresh } = usePolling<{ data: any }>(`/syndication/items/${documentId}/progress`);
  const p = data?.data;

  const retryFailed = async () => {
    if (await act(() => post<any>(`/syndication/items/${documentId}/retry-failed`, {}), (res) => t('failures.retried', { n: res.data.data.retried }))) refresh();
  };

  return (
    <Page.Main>
      <Page.Title>{p?.item?.title ?? t('item.title')}</Page.Title>
      <Layouts.Header
        navigationAction={<DSLink tag={Link} to={`${BASE_PATH}/overview`} startIcon={<ArrowLeft />}>{t('item.back')}</DSLink>}
        title={p?.item?.title ?? t('item.title')}
        subtitle={<Refreshed at={refreshedAt} />}
        primaryAction={can(ACTIONS.retry) ? <Button startIcon={<ArrowClockwise />} variant="secondary" onClick={retryFailed}>{t('item.retryFailed')}</Button> : undefined}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {error ? <Typography textColor="danger600">{t('common.error', { message: error })}</Typography> : null}
          {p ? (
            <Section title={t('item.title')} testId="item-progress">
              <DeliveryProgress byStatus={p.summary.byStatus} total={p.summary.total} />
              <Table colCount={6} rowCount={p.deliveries.length + 1}>
                <HeaderRow labels={[t('common.portal'), t('common.status'), t('item.attempts'), t('item.lastError'), t('common.deadline'), t('item.remote')]} />
                <Tbody>
                  {p.deliveries.map((d: any) => (
                    <Tr key={d.id} data-testid="item-delivery" data-portal={d.portal} onClick={() => setHistoryOf(d.id)} style={{ cursor: 'pointer' }}>
                      <Td><Typography>{d.portalName}</Typography></Td>
                      <Td><StatusBadge status={d.status} /></Td>
                      <Td><Typography>{d.attempts}</Typography></Td>
                      <Td style={{ maxWidth: 300 }}><Typography ellipsis textColor="danger600">{d.lastError ?? ''}</Typography></Td>
                      <Td><Typography>{formatDateTime(d.deadlineAt)}</Typography></Td>
                      <Td>{d.remoteUrl ? <DSLink href={d.remoteUrl} isExternal onClick={(e: any) => e.stopPropagation()}>{d.remoteId ?? '↗'}</DSLink> : null}</Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Section>
          ) : null}
        </Flex>
      </Layouts.Content>
      {historyOf != null ? <DeliveryHistory id={historyOf} onClose={() => setHistoryOf(null)} /> : null}
    </Page.Main>
  );
};
