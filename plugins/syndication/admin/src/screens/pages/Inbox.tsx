import * as React from 'react';
import { Box, Button, Checkbox, Flex, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { HeaderRow } from '../components/HeaderRow';
import { Check, Cross } from '@strapi/icons';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { PayloadPreview } from '../components/PayloadPreview';
import { ReasonDialog } from '../components/ReasonDialog';
import { DaysLeft, Refreshed } from '../components/Refreshed';
import { formatDate, formatDateTime } from '../utils/format';
import { useApiAction, usePolling, useSelection, useT } from '../utils/hooks';

/** An inbox row (GET /syndication/inbox), whatever optional fields it carries. */
interface InboxRow {
  id: number;
  portal: string;
  portalName?: string;
  item?: { documentId: string; title: string | null; issuer?: string | null; issuedAt?: string | null; documentNumber?: string | null };
  deadlineAt?: string | null;
  workingDaysLeft?: number | null;
}

const RejectDialog = ({ row, onDone, onClose }: { row: InboxRow; onDone(): void; onClose(): void }) => {
  const t = useT();
  return (
    <ReasonDialog
      title={t('inbox.rejectTitle')}
      subject={row.item?.title}
      label={t('inbox.reason')}
      hint={t('inbox.reasonHint')}
      confirmLabel={t('inbox.reject')}
      confirmIcon={<Cross />}
      url={`/syndication/deliveries/${row.id}/reject`}
      successMessage={t('inbox.rejected')}
      testId="reject"
      onDone={onDone}
      onClose={onClose}
    />
  );
};

const Preview = ({ id, actions }: { id: number; actions: React.ReactNode }) => {
  const t = useT();
  const { data } = usePolling<{ data: any }>(`/syndication/deliveries/${id}/details`, 15000);
  const d = data?.data;
  if (!d) return <Typography>{t('common.loading')}</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Flex gap={3} wrap="wrap" justifyContent="space-between">
        <Flex gap={3} wrap="wrap">
          <Typography variant="pi" textColor="neutral600">{d.portalName} · v{d.version} · {t('common.deadline')}: {formatDateTime(d.deadlineAt)}</Typography>
          <DaysLeft days={d.workingDaysLeft} />
        </Flex>
        {actions}
      </Flex>
      <PayloadPreview payload={d.payload} section={d.section} />
    </Flex>
  );
};

export const InboxPage = () => {
  const t = useT();
  const { post } = useFetchClient();
  const act = useApiAction();
  const { data, error, refreshedAt, refresh } = usePolling<{ data: InboxRow[] }>('/syndication/inbox');
  const rows = data?.data ?? [];
  const { selected, toggle, setAll, clear, allOn } = useSelection(rows, data);
  const [previewId, setPreviewId] = React.useState<number | null>(null);
  const [rejecting, setRejecting] = React.useState<InboxRow | null>(null);

  React.useEffect(() => {
    if (previewId == null && rows.length) setPreviewId(rows[0].id);
    if (previewId != null && rows.length && !rows.some((r) => r.id === previewId)) setPreviewId(rows[0].id);
  }, [data]);

  const approve = async (ids: number[]) => {
    const ok = await act(
      () => (ids.length === 1 ? post(`/syndication/deliveries/${ids[0]}/approve`, {}) : post('/syndication/deliveries/approve', { ids })),
      () => t('inbox.approved', { n: ids.length })
    );
    if (ok) {
      clear();
      refresh();
    }
  };

  const previewRow = rows.find((r) => r.id === previewId) ?? null;

  return (
    <Page.Main>
      <Page.Title>{t('inbox.title')}</Page.Title>
      <Layouts.Header
        title={t('inbox.title')}
        subtitle={t('inbox.subtitle')}
        secondaryAction={<Refreshed at={refreshedAt} />}
        primaryAction={
          <Button startIcon={<Check />} disabled={selected.size === 0} onClick={() => approve([...selected])} data-testid="approve-selected">
            {t('inbox.approveSelected', { n: selected.size })}
          </Button>
        }
      />
      <Layouts.Content>
        {error ? <Typography textColor="danger600">{t('common.error', { message: error })}</Typography> : null}
        {data && rows.length === 0 ? (
          <Box background="neutral0" padding={8} hasRadius shadow="tableShadow"><Typography textColor="neutral600">{t('inbox.empty')}</Typography></Box>
        ) : null}
        {rows.length > 0 ? (
          <Flex gap={4} alignItems="start">
            <Box style={{ flex: '1 1 55%', minWidth: 0 }}>
              <Table colCount={4} rowCount={rows.length + 1} data-testid="inbox-table">
                <HeaderRow lead={<Checkbox aria-label="all" checked={allOn} onCheckedChange={(v: any) => setAll(Boolean(v))} />} labels={[t('common.item'), t('common.portal'), t('common.deadline')]} />
                <Tbody>
                  {rows.map((r) => (
                    <Tr key={r.id} data-testid="inbox-row" data-delivery-id={r.id} data-portal={r.portal} onClick={() => setPreviewId(r.id)} style={{ cursor: 'pointer', background: r.id === previewId ? 'var(--strapi-primary100, #f0f0ff)' : undefined }}>
                      <Td onClick={(e: any) => e.stopPropagation()}><Checkbox aria-label={String(r.id)} checked={selected.has(r.id)} onCheckedChange={(v: any) => toggle(r.id, Boolean(v))} /></Td>
                      <Td style={{ whiteSpace: 'normal', minWidth: 220 }}>
                        <Typography fontWeight="bold">{r.item?.title}</Typography>
                        <Typography variant="pi" textColor="neutral600" tag="p">{[r.item?.issuer, r.item?.documentNumber, r.item?.issuedAt && formatDate(r.item.issuedAt)].filter(Boolean).join(' · ')}</Typography>
                      </Td>
                      <Td><Typography>{r.portalName ?? r.portal}</Typography></Td>
                      <Td>
                        <Typography tag="p">{formatDateTime(r.deadlineAt)}</Typography>
                        {r.workingDaysLeft !== undefined ? <DaysLeft days={r.workingDaysLeft} /> : null}
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Box>
            <Box style={{ flex: '1 1 45%', minWidth: 0 }} background="neutral0" padding={4} hasRadius shadow="tableShadow" data-testid="inbox-preview">
              <Typography variant="delta" tag="h2">{t('inbox.preview')}</Typography>
              <Box paddingTop={3}>
                {previewRow ? (
                  <Preview
                    id={previewRow.id}
                    actions={
                      <Flex gap={2}>
                        <Button startIcon={<Check />} onClick={() => approve([previewRow.id])} data-testid="approve">{t('inbox.approve')}</Button>
                        <Button variant="danger-light" startIcon={<Cross />} onClick={() => setRejecting(previewRow)} data-testid="reject">{t('inbox.reject')}</Button>
                      </Flex>
                    }
                  />
                ) : (
                  <Typography>{t('inbox.selectHint')}</Typography>
                )}
              </Box>
            </Box>
          </Flex>
        ) : null}
      </Layouts.Content>
      {rejecting ? <RejectDialog row={rejecting} onClose={() => setRejecting(null)} onDone={() => { setRejecting(null); refresh(); }} /> : null}
    </Page.Main>
  );
};
