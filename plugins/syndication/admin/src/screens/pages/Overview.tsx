import * as React from 'react';
import { Box, Field, Flex, Link as DSLink, SingleSelect, SingleSelectOption, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { HeaderRow } from '../components/HeaderRow';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Link } from 'react-router-dom';
import { BASE_PATH, STATUS_COLOR, STATUSES, TIERS, type Status } from '../constants';
import { DeliveryProgress } from '../components/Progress';
import { DaysLeft, Refreshed } from '../components/Refreshed';
import { StatusBadge } from '../components/StatusBadge';
import { formatDateTime } from '../utils/format';
import { usePolling, useT } from '../utils/hooks';

interface OverviewData {
  items: { documentId: string; title: string; publishedAt: string | null; version: number; total: number; live: number; byStatus: Record<string, number> }[];
  atRisk: any[];
}

interface MatrixData {
  items: { documentId: string; title: string }[];
  portals: { code: string; name: string; tier: string; cells: ({ status: string; id: number } | null)[] }[];
}

export const Section = ({ title, hint, children, testId }: { title: string; hint?: string; children: React.ReactNode; testId?: string }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={6} data-testid={testId}>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Box>
        <Typography variant="delta" tag="h2">{title}</Typography>
        {hint ? <Typography variant="pi" textColor="neutral600" tag="p">{hint}</Typography> : null}
      </Box>
      {children}
    </Flex>
  </Box>
);

const RecentItems = ({ items }: { items: OverviewData['items'] }) => {
  const t = useT();
  if (items.length === 0) return <Typography textColor="neutral600">{t('overview.noItems')}</Typography>;
  return (
    <Table colCount={2} rowCount={items.length + 1}>
      <HeaderRow labels={[t('common.item'), t('common.status')]} />
      <Tbody>
        {items.map((i) => (
          <Tr key={i.documentId} data-testid="recent-item" data-document-id={i.documentId}>
            <Td style={{ width: '45%', whiteSpace: 'normal' }}>
              <Flex direction="column" alignItems="start" gap={1}>
                <DSLink tag={Link} to={`${BASE_PATH}/items/${i.documentId}`}>{i.title}</DSLink>
                <Typography variant="pi" textColor="neutral600">
                  {i.publishedAt ? t('overview.publishedAt', { date: formatDateTime(i.publishedAt) }) : null} · v{i.version}
                </Typography>
              </Flex>
            </Td>
            <Td style={{ whiteSpace: 'normal' }}>
              <DeliveryProgress byStatus={i.byStatus} total={i.total} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

export const AtRisk = ({ rows }: { rows: any[] }) => {
  const t = useT();
  if (rows.length === 0) return <Typography textColor="success600">{t('overview.noRisk')}</Typography>;
  return (
    <Table colCount={5} rowCount={rows.length + 1}>
      <HeaderRow labels={[t('common.portal'), t('common.item'), t('common.status'), t('common.deadline'), ' ']} />
      <Tbody>
        {rows.slice(0, 50).map((d) => (
          <Tr key={d.id} data-testid="at-risk-row">
            <Td><Typography>{d.portalName}</Typography></Td>
            <Td style={{ maxWidth: 240 }}><Typography ellipsis>{d.itemTitle}</Typography></Td>
            <Td><StatusBadge status={d.status} /></Td>
            <Td><Typography>{formatDateTime(d.deadlineAt)}</Typography></Td>
            <Td><DaysLeft days={d.workingDaysLeft} /></Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

const Legend = () => {
  const t = useT();
  return (
    <Flex gap={3} wrap="wrap">
      {STATUSES.map((s) => (
        <Flex key={s} gap={1} alignItems="center">
          <Box background={STATUS_COLOR[s]} width="1.2rem" height="1.2rem" hasRadius />
          <Typography variant="pi">{t(`status.${s}`)}</Typography>
        </Flex>
      ))}
    </Flex>
  );
};

const Matrix = () => {
  const t = useT();
  const [tier, setTier] = React.useState<string>('');
  const [status, setStatus] = React.useState<string>('');
  const [items, setItems] = React.useState<string>('10');
  const qs = new URLSearchParams({ items, ...(tier ? { tier } : {}), ...(status ? { status } : {}) }).toString();
  const { data } = usePolling<{ data: MatrixData }>(`/syndication/matrix?${qs}`);
  const m = data?.data;
  return (
    <Section title={t('overview.matrix')} testId="matrix">
      <Flex gap={4} wrap="wrap" alignItems="end">
        <Field.Root name="tier" minWidth="200px">
          <Field.Label>{t('common.tier')}</Field.Label>
          <SingleSelect value={tier} onChange={(v: any) => setTier(String(v))} data-testid="matrix-tier">
            <SingleSelectOption value="">{t('common.all')}</SingleSelectOption>
            {TIERS.map((x) => <SingleSelectOption key={x} value={x}>{t(`tier.${x}`)}</SingleSelectOption>)}
          </SingleSelect>
        </Field.Root>
        <Field.Root name="status" minWidth="200px">
          <Field.Label>{t('common.status')}</Field.Label>
          <SingleSelect value={status} onChange={(v: any) => setStatus(String(v))} data-testid="matrix-status">
            <SingleSelectOption value="">{t('common.all')}</SingleSelectOption>
            {STATUSES.map((x) => <SingleSelectOption key={x} value={x}>{t(`status.${x}`)}</SingleSelectOption>)}
          </SingleSelect>
        </Field.Root>
        <Field.Root name="items" minWidth="140px">
          <Field.Label>{t('overview.matrixItems')}</Field.Label>
          <SingleSelect value={items} onChange={(v: any) => setItems(String(v))}>
            {['5', '10', '20', '30'].map((n) => <SingleSelectOption key={n} value={n}>{t('overview.matrixCount', { n })}</SingleSelectOption>)}
          </SingleSelect>
        </Field.Root>
        {m ? <Typography variant="pi" textColor="neutral600">{t('overview.matrixPortals', { n: m.portals.length })}</Typography> : null}
      </Flex>
      <Legend />
      {m && m.portals.length === 0 ? <Typography textColor="neutral600">{t('overview.matrixEmpty')}</Typography> : null}
      {m && m.portals.length > 0 ? (
        <Box overflow="auto" style={{ maxHeight: 520 }}>
          <table style={{ borderCollapse: 'separate', borderSpacing: 2 }} data-testid="matrix-table">
            <thead>
              <tr>
                <th />
                {m.items.map((i, n) => (
                  <th key={i.documentId} title={i.title} style={{ minWidth: 22 }}>
                    <Typography variant="pi" fontWeight="bold">{n + 1}</Typography>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {m.portals.map((p) => (
                <tr key={p.code} data-portal={p.code}>
                  <td style={{ paddingRight: 8, whiteSpace: 'nowrap' }}>
                    <Typography variant="pi">{p.name}</Typography>
                  </td>
                  {p.cells.map((c, n) => (
                    <td key={n} title={c ? `${p.name} · ${m.items[n].title}: ${t(`status.${c.status}`)}` : ''}>
                      <Box width="1.8rem" height="1.2rem" hasRadius background={c ? STATUS_COLOR[c.status as Status] ?? 'neutral200' : 'neutral100'} data-cell-status={c?.status ?? ''} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Box>
      ) : null}
    </Section>
  );
};

export const OverviewPage = () => {
  const t = useT();
  const { data, error, refreshedAt } = usePolling<{ data: OverviewData }>('/syndication/overview?items=8');
  return (
    <Page.Main>
      <Page.Title>{t('overview.title')}</Page.Title>
      <Layouts.Header title={t('overview.title')} subtitle={t('overview.subtitle')} secondaryAction={<Refreshed at={refreshedAt} />} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {error ? <Typography textColor="danger600">{t('common.error', { message: error })}</Typography> : null}
          <Section title={t('overview.recent')} testId="recent-items">
            {data ? <RecentItems items={data.data.items} /> : <Typography>{t('common.loading')}</Typography>}
          </Section>
          <Section title={t('overview.atRisk')} hint={t('overview.atRiskHint')} testId="at-risk">
            {data ? <AtRisk rows={data.data.atRisk} /> : null}
          </Section>
          <Matrix />
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
