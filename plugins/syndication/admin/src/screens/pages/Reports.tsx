/**
 * Báo cáo (Decision 96, Art. 15): pick a period (a six-month or yearly preset, or any
 * dates), see row 14 — the provincial leaders' items re-posted on each component
 * portal, on time and late — per portal and for the province, and download the
 * report laid out like the appendix (XLSX) or as CSV.
 */
import * as React from 'react';
import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Table, Tbody, Td, TextInput, Tr, Typography } from '@strapi/design-system';
import { HeaderRow } from '../components/HeaderRow';
import { Download } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { apiError, usePolling, useT } from '../utils/hooks';

interface Row14 { row: string; total: number | null; onTime: number | null; late: number | null; open?: number }
interface Report { period: { from: string; to: string }; portals: Array<{ code: string; name: string; tier: string; rows: Row14[] }>; province: { rows: Row14[] } }

const year = new Date().getFullYear();
const PRESETS = [`${year}-H1`, `${year}-H2`, `${year}`, `${year - 1}-H1`, `${year - 1}-H2`, `${year - 1}`];
const range = (p: string) => {
  const [y, half] = p.split('-');
  return { from: half === 'H2' ? `${y}-07-01` : `${y}-01-01`, to: half === 'H1' ? `${y}-06-30` : `${y}-12-31` };
};
const row14 = (rows: Row14[]) => rows.find((r) => r.row === '14');

export const ReportsPage = () => {
  const t = useT();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [preset, setPreset] = React.useState(PRESETS[0]);
  const [dates, setDates] = React.useState(range(PRESETS[0]));
  const query = `from=${dates.from}&to=${dates.to}`;
  const { data, error } = usePolling<Report>(`/syndication/reports/art15?${query}`, 60000);
  const portals = (data?.portals ?? []).filter((p) => p.tier !== 'province');

  const choose = (p: string) => {
    setPreset(p);
    setDates(range(p));
  };

  const download = async (format: 'xlsx' | 'csv') => {
    try {
      const res = await get(`/syndication/reports/art15?${query}&format=${format}`, { responseType: 'blob' } as any);
      const url = URL.createObjectURL(res.data as Blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `bao-cao-dieu-15-${dates.from}-${dates.to}.${format}`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      toggleNotification({ type: 'danger', message: apiError(e) });
    }
  };

  const province = data ? row14(data.province.rows) : undefined;
  return (
    <Page.Main>
      <Page.Title>{t('reports.title')}</Page.Title>
      <Layouts.Header title={t('reports.title')} subtitle={t('reports.subtitle')} />
      <Layouts.Action
        startActions={
          <Flex gap={2} alignItems="flex-end">
            <Field.Root name="preset">
              <Field.Label>{t('reports.preset')}</Field.Label>
              <SingleSelect value={preset} onChange={(v: any) => choose(String(v))} data-testid="reports-preset">
                {PRESETS.map((p) => <SingleSelectOption key={p} value={p}>{p.endsWith('H1') ? t('reports.h1', { year: p.slice(0, 4) }) : p.endsWith('H2') ? t('reports.h2', { year: p.slice(0, 4) }) : t('reports.year', { year: p })}</SingleSelectOption>)}
              </SingleSelect>
            </Field.Root>
            <Field.Root name="from">
              <Field.Label>{t('reports.from')}</Field.Label>
              <TextInput type="date" value={dates.from} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDates((d) => ({ ...d, from: e.target.value }))} />
            </Field.Root>
            <Field.Root name="to">
              <Field.Label>{t('reports.to')}</Field.Label>
              <TextInput type="date" value={dates.to} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDates((d) => ({ ...d, to: e.target.value }))} />
            </Field.Root>
          </Flex>
        }
        endActions={
          <Flex gap={2}>
            <Button variant="secondary" startIcon={<Download />} onClick={() => download('xlsx')}>{t('reports.downloadXlsx')}</Button>
            <Button variant="tertiary" startIcon={<Download />} onClick={() => download('csv')}>{t('reports.downloadCsv')}</Button>
          </Flex>
        }
      />
      <Layouts.Content>
        {error ? <Typography textColor="danger600">{t('common.error', { message: error })}</Typography> : null}
        {province ? (
          <Box background="neutral0" padding={4} marginBottom={4} hasRadius shadow="tableShadow" data-testid="reports-province">
            <Typography variant="delta">{t('reports.province', { total: province.total ?? 0, onTime: province.onTime ?? 0, late: province.late ?? 0 })}</Typography>
          </Box>
        ) : null}
        <Typography variant="pi" textColor="neutral600">{t('reports.row14')}</Typography>
        <Table colCount={6} rowCount={portals.length + 1} data-testid="reports-table">
          <HeaderRow labels={[t('common.portal'), t('common.tier'), t('reports.onTime'), t('reports.late'), t('reports.open'), t('reports.total')]} />
          <Tbody>
            {portals.map((p) => {
              const r = row14(p.rows);
              return (
                <Tr key={p.code}>
                  <Td><Typography>{`${p.name} (${p.code})`}</Typography></Td>
                  <Td><Typography>{t(`tier.${p.tier}`)}</Typography></Td>
                  <Td><Typography textColor="success600">{r?.onTime ?? 0}</Typography></Td>
                  <Td><Typography textColor={r?.late ? 'danger600' : undefined}>{r?.late ?? 0}</Typography></Td>
                  <Td><Typography>{r?.open ?? 0}</Typography></Td>
                  <Td><Typography fontWeight="bold">{r?.total ?? 0}</Typography></Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      </Layouts.Content>
    </Page.Main>
  );
};

export default ReportsPage;
