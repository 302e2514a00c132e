/**
 * Lịch ngày làm việc: the year's days off and swapped working days as the hub counts
 * deadlines (Labour Code Art. 112, the announced plans, administrators' entries), and
 * the administrators' table: add a day off or a working day, remove an entry. Every
 * change moves the open deliveries' deadlines it affects (server side).
 */
import * as React from 'react';
import { Badge, Box, Button, Field, Flex, IconButton, SingleSelect, SingleSelectOption, Table, Tbody, Td, TextInput, Tr, Typography } from '@strapi/design-system';
import { HeaderRow } from '../components/HeaderRow';
import { Plus, Trash } from '@strapi/icons';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { ACTIONS } from '../constants';
import { formatDate } from '../utils/format';
import { useApiAction, useCan, usePolling, useT } from '../utils/hooks';

interface Day { date: string; type: 'holiday' | 'workday'; name: string; source: string; admin?: boolean }

const thisYear = new Date().getFullYear();
const YEARS = [thisYear - 2, thisYear - 1, thisYear, thisYear + 1];

export const CalendarPage = () => {
  const t = useT();
  const can = useCan();
  const { put, del } = useFetchClient();
  const act = useApiAction();
  const [year, setYear] = React.useState(thisYear);
  const [form, setForm] = React.useState<{ date: string; type: 'holiday' | 'workday'; name: string }>({ date: '', type: 'holiday', name: '' });
  const { data, error, refresh } = usePolling<{ data: Day[] }>(`/syndication/calendar?year=${year}`, 60000);
  const canEdit = can(ACTIONS.manageSettings);

  const save = async () => {
    if (await act(() => put(`/syndication/calendar/${form.date}`, { type: form.type, name: form.name }), () => t('calendar.saved', { date: formatDate(form.date) }))) {
      setForm({ date: '', type: 'holiday', name: '' });
      refresh();
    }
  };
  const remove = async (date: string) => {
    if (await act(() => del(`/syndication/calendar/${date}`))) refresh();
  };

  const days = data?.data ?? [];
  return (
    <Page.Main>
      <Page.Title>{t('calendar.title')}</Page.Title>
      <Layouts.Header title={t('calendar.title')} subtitle={t('calendar.subtitle')} />
      <Layouts.Action
        startActions={
          <Box minWidth="160px">
            <SingleSelect aria-label={t('calendar.year')} value={year} onChange={(v: any) => setYear(Number(v))} data-testid="calendar-year">
              {YEARS.map((y) => <SingleSelectOption key={y} value={y}>{String(y)}</SingleSelectOption>)}
            </SingleSelect>
          </Box>
        }
      />
      <Layouts.Content>
        {error ? <Typography textColor="danger600">{t('common.error', { message: error })}</Typography> : null}
        {canEdit ? (
          <Box background="neutral0" padding={4} marginBottom={4} hasRadius shadow="tableShadow">
            <Flex gap={2} alignItems="flex-end" wrap="wrap">
              <Field.Root name="date">
                <Field.Label>{t('calendar.date')}</Field.Label>
                <TextInput type="date" value={form.date} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, date: e.target.value }))} />
              </Field.Root>
              <Field.Root name="type">
                <Field.Label>{t('calendar.type')}</Field.Label>
                <SingleSelect value={form.type} onChange={(v: any) => setForm((f) => ({ ...f, type: v }))}>
                  <SingleSelectOption value="holiday">{t('calendar.holiday')}</SingleSelectOption>
                  <SingleSelectOption value="workday">{t('calendar.workday')}</SingleSelectOption>
                </SingleSelect>
              </Field.Root>
              <Box minWidth="320px">
                <Field.Root name="name">
                  <Field.Label>{t('calendar.name')}</Field.Label>
                  <TextInput value={form.name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, name: e.target.value }))} />
                </Field.Root>
              </Box>
              <Button startIcon={<Plus />} disabled={!form.date || !form.name.trim()} onClick={save}>{t('calendar.add')}</Button>
            </Flex>
          </Box>
        ) : null}
        <Table colCount={5} rowCount={days.length + 1} data-testid="calendar-table">
          <HeaderRow labels={[t('calendar.date'), t('calendar.type'), t('calendar.name'), t('calendar.source'), ' ']} />
          <Tbody>
            {days.map((d) => (
              <Tr key={d.date}>
                <Td><Typography>{formatDate(`${d.date}T12:00:00+07:00`)}</Typography></Td>
                <Td><Badge active={d.type === 'holiday'}>{d.type === 'holiday' ? t('calendar.holiday') : t('calendar.workday')}</Badge></Td>
                <Td><Typography>{d.name}</Typography></Td>
                <Td><Typography variant="pi" textColor="neutral600">{d.source}</Typography></Td>
                <Td>
                  {canEdit && d.admin ? (
                    <IconButton label={t('calendar.remove')} onClick={() => remove(d.date)}><Trash /></IconButton>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Layouts.Content>
    </Page.Main>
  );
};

export default CalendarPage;
