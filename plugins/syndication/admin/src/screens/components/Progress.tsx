import { Box, Flex, Typography } from '@strapi/design-system';
import { LIVE, STATUS_COLOR, type Status } from '../constants';
import { useT } from '../utils/hooks';

/** Order in which counts are read out: what reached the portals first, then what is owed. */
const ORDER = ['delivered', 'published', 'awaiting_review', 'pending', 'sending', 'retrying', 'failed', 'skipped', 'rejected', 'withdrawn'] as const;

/** "112 đã nhận, 5 đang thử lại, 2 lỗi / 119" */
export const CountsLine = ({ byStatus, total }: { byStatus: Record<string, number>; total: number }) => {
  const t = useT();
  const parts = ORDER.filter((s) => (byStatus[s] ?? 0) > 0).map((s) => t(`count.${s}`, { n: byStatus[s] }));
  return (
    <Typography variant="pi" textColor="neutral700" data-testid="counts-line">
      {parts.length ? parts.join(', ') : t('common.none')} {t('count.outOf', { total })}
    </Typography>
  );
};

export const liveCount = (byStatus: Record<string, number>) => LIVE.reduce((n, s) => n + (byStatus[s] ?? 0), 0);

/**
 * A stacked bar, one segment per status in reading order (design-system's ProgressBar is
 * made for dark overlays), with "N/total live" beside it.
 */
export const DeliveryProgress = ({ byStatus, total, compact }: { byStatus: Record<string, number>; total: number; compact?: boolean }) => {
  const t = useT();
  const live = liveCount(byStatus);
  const value = total > 0 ? Math.round((live / total) * 100) : 0;
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Flex gap={compact ? 1 : 3} alignItems={compact ? 'stretch' : 'center'} direction={compact ? 'column' : 'row'}>
        <Box
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={value}
          aria-label={t('overview.live', { live, total })}
          background="neutral150"
          hasRadius
          overflow="hidden"
          style={{ display: 'flex', flex: compact ? undefined : '1 1 auto', minWidth: 120, height: 10 }}
        >
          {total > 0
            ? ORDER.filter((s) => (byStatus[s] ?? 0) > 0).map((s) => (
                <Box key={s} background={STATUS_COLOR[s as Status]} style={{ width: `${((byStatus[s] ?? 0) / total) * 100}%`, height: '100%' }} />
              ))
            : null}
        </Box>
        <Typography variant="pi" fontWeight="bold" data-testid="live-count" style={{ whiteSpace: 'nowrap' }}>
          {t('overview.live', { live, total })}
        </Typography>
      </Flex>
      <CountsLine byStatus={byStatus} total={total} />
    </Flex>
  );
};
