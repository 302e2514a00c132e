import { Box, Flex, Loader, Modal, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { HeaderRow } from './HeaderRow';
import { formatDateTime } from '../utils/format';
import { usePolling, useT } from '../utils/hooks';
import { PayloadPreview } from './PayloadPreview';
import { StatusBadge } from './StatusBadge';
import { DaysLeft } from './Refreshed';

/** The attempt history of one delivery, and exactly what its portal was sent. */
export const DeliveryHistory = ({ id, onClose }: { id: number; onClose(): void }) => {
  const t = useT();
  const { data, error } = usePolling<{ data: any }>(`/syndication/deliveries/${id}/details`);
  const d = data?.data;
  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content style={{ maxWidth: 960, width: '90vw' }}>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>{t('history.title', { portal: d ? `${d.portalName} (${d.portal})` : '…' })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {error ? <Typography textColor="danger600">{t('common.error', { message: error })}</Typography> : null}
          {!d ? (
            <Loader small>{t('common.loading')}</Loader>
          ) : (
            <Flex direction="column" alignItems="stretch" gap={4} data-testid="delivery-history">
              <Flex gap={3} wrap="wrap">
                <StatusBadge status={d.status} />
                <Typography>{d.itemTitle}</Typography>
                <Typography textColor="neutral600">
                  {t('common.deadline')}: {formatDateTime(d.deadlineAt)}
                </Typography>
                <DaysLeft days={d.workingDaysLeft} />
              </Flex>
              {d.lastError ? (
                <Typography textColor="danger600">
                  {t('failures.lastError')}: {d.lastError}
                </Typography>
              ) : null}
              <Table colCount={7} rowCount={d.attemptLog.length + 1}>
                <HeaderRow labels={[t('history.attempt'), t('history.event'), t('history.startedAt'), t('history.duration'), 'HTTP', t('history.outcome'), t('history.response')]} />
                <Tbody>
                  {d.attemptLog.map((a: any, i: number) => (
                    <Tr key={i} data-testid="attempt-row">
                      <Td><Typography>{a.attempt} {a.trigger === 'manual' ? '(↻)' : ''}</Typography></Td>
                      <Td><Typography>{a.event} v{a.version}</Typography></Td>
                      <Td><Typography>{formatDateTime(a.startedAt)}</Typography></Td>
                      <Td><Typography>{a.durationMs} ms</Typography></Td>
                      <Td><Typography>{a.httpStatus ?? '—'}</Typography></Td>
                      <Td><Typography>{a.outcome}</Typography></Td>
                      <Td style={{ maxWidth: 320 }}>
                        <Typography variant="pi" ellipsis>{a.excerpt}</Typography>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
              {d.attemptLog.length === 0 ? <Typography textColor="neutral600">{t('history.empty')}</Typography> : null}
              {d.payload ? (
                <Box>
                  <Typography variant="delta" tag="h3">{t('history.payload', { version: d.version })}</Typography>
                  <Box paddingTop={2}>
                    <PayloadPreview payload={d.payload} section={d.section} />
                  </Box>
                </Box>
              ) : null}
            </Flex>
          )}
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
};
