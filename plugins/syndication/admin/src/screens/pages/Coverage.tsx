/**
 * Độ phủ chuyên mục (Decision 96, Art. 8 and 11.3.e): a portal × category grid coloured
 * by status — covered (mapped, updated recently), gap (required but no section mapped:
 * deliveries go out without a section), stale (mapped, nothing recent).
 */
import * as React from 'react';
import { Box, Flex, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tooltip, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { TIERS } from '../constants';
import { formatDate } from '../utils/format';
import { usePolling, useT } from '../utils/hooks';

interface Cell { portal: string; portalName: string; tier: string; category: string; categoryName: string; required: boolean; section: string | null; status: 'covered' | 'gap' | 'stale' | 'not_required'; lastUpdatedAt: string | null }

const COLOR: Record<Cell['status'], string> = { covered: 'success500', gap: 'danger500', stale: 'warning500', not_required: 'neutral150' };

export const CoveragePage = () => {
  const t = useT();
  const [tier, setTier] = React.useState<string>('department');
  const { data, error } = usePolling<{ data: Cell[] }>(`/syndication/coverage?tier=${tier}`, 60000);
  const cells = data?.data ?? [];
  const categories = [...new Map(cells.map((c) => [c.category, c.categoryName])).entries()];
  const portals = [...new Map(cells.map((c) => [c.portal, c.portalName])).entries()];
  const at = new Map(cells.map((c) => [`${c.portal}|${c.category}`, c]));
  const count = (s: Cell['status']) => cells.filter((c) => c.status === s).length;

  return (
    <Page.Main>
      <Page.Title>{t('coverage.title')}</Page.Title>
      <Layouts.Header title={t('coverage.title')} subtitle={t('coverage.subtitle', { gap: count('gap'), stale: count('stale'), covered: count('covered') })} />
      <Layouts.Action
        startActions={
          <Box minWidth="220px">
            <SingleSelect aria-label={t('common.tier')} value={tier} onChange={(v: any) => setTier(String(v))} data-testid="coverage-tier">
              {TIERS.map((x) => <SingleSelectOption key={x} value={x}>{t(`tier.${x}`)}</SingleSelectOption>)}
            </SingleSelect>
          </Box>
        }
        endActions={
          <Flex gap={3}>
            {(['covered', 'gap', 'stale', 'not_required'] as const).map((s) => (
              <Flex key={s} gap={1}><Box background={COLOR[s]} width="12px" height="12px" hasRadius /><Typography variant="pi">{t(`coverage.${s}`)}</Typography></Flex>
            ))}
          </Flex>
        }
      />
      <Layouts.Content>
        {error ? <Typography textColor="danger600">{t('common.error', { message: error })}</Typography> : null}
        <Table colCount={categories.length + 1} rowCount={portals.length + 1} data-testid="coverage-grid">
          <Thead>
            <Tr>
              <Th><Typography variant="sigma">{t('common.portal')}</Typography></Th>
              {categories.map(([code, name]) => <Th key={code}><Tooltip label={name}><Typography variant="sigma">{code}</Typography></Tooltip></Th>)}
            </Tr>
          </Thead>
          <Tbody>
            {portals.map(([code, name]) => (
              <Tr key={code}>
                <Td><Typography>{`${name} (${code})`}</Typography></Td>
                {categories.map(([cat]) => {
                  const c = at.get(`${code}|${cat}`)!;
                  const tip = `${c.categoryName} — ${t(`coverage.${c.status}`)}${c.section ? ` · ${c.section}` : ''}${c.lastUpdatedAt ? ` · ${formatDate(c.lastUpdatedAt)}` : ''}`;
                  return (
                    <Td key={cat}>
                      <Tooltip label={tip}><Box background={COLOR[c.status]} width="20px" height="20px" hasRadius data-status={c.status} aria-label={tip} /></Tooltip>
                    </Td>
                  );
                })}
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Layouts.Content>
    </Page.Main>
  );
};

export default CoveragePage;
