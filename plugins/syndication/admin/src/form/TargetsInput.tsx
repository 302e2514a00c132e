/**
 * Target picker: all 119 portals, by tier, or chosen portals (searchable by name and code,
 * grouped by tier, communes and wards marked), with the live count "Sẽ gửi tới N cổng".
 * Stores exactly the `targets` object of the API: { scope: 'all' } | { scope: 'tiers', tiers }
 * | { scope: 'portals', portals }.
 */
import * as React from 'react';
import { Badge, Box, Button, Checkbox, Field, Flex, Radio, TextInput, Typography } from '@strapi/design-system';
import { countTargets, useFormOptions, type PortalOption, type Targets } from './api';

const TIER_CHOICE: Record<string, (n: number) => string> = {
  province: () => 'UBND tỉnh',
  department: (n) => `${n} sở ngành`,
  commune: (n) => `${n} xã phường`,
};

const TIER_GROUP: Record<string, string> = { province: 'UBND tỉnh', department: 'Sở, ban, ngành', commune: 'Xã, phường' };

/** Case- and accent-insensitive search, so "dai son" finds "Đại Sơn". */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

const TargetsInput = React.forwardRef<HTMLDivElement, any>(({ name, value, onChange, label, hint, error, required, disabled }, ref) => {
  const options = useFormOptions();
  const [search, setSearch] = React.useState('');
  const targets: Targets = value && typeof value === 'object' && value.scope ? value : { scope: 'all' };
  const portals = options?.portals ?? [];
  const total = countTargets(portals, targets);
  const set = (next: Targets) => onChange(name, next);

  const chosen = new Set(targets.portals ?? []);
  const togglePortal = (code: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(code);
    else next.delete(code);
    set({ scope: 'portals', portals: portals.filter((p) => next.has(p.code)).map((p) => p.code) });
  };
  const addTier = (tier: string) => {
    const next = new Set(chosen);
    portals.filter((p) => p.tier === tier).forEach((p) => next.add(p.code));
    set({ scope: 'portals', portals: portals.filter((p) => next.has(p.code)).map((p) => p.code) });
  };
  const toggleTier = (tier: string, on: boolean) => {
    const tiers = new Set(targets.tiers ?? []);
    if (on) tiers.add(tier);
    else tiers.delete(tier);
    set({ scope: 'tiers', tiers: (options?.tiers ?? []).map((t) => t.value).filter((t) => tiers.has(t)) });
  };

  const q = fold(search.trim());
  const visible = q ? portals.filter((p) => fold(`${p.name} ${p.code}`).includes(q)) : portals;
  const groups = (options?.tiers ?? []).map((t) => ({ ...t, portals: visible.filter((p) => p.tier === t.value) })).filter((g) => g.portals.length > 0);

  return (
    <Field.Root name={name} hint={hint} error={error} required={required} ref={ref}>
      <Field.Label>{label}</Field.Label>
      <Box padding={4} hasRadius borderColor="neutral200" background="neutral0" width="100%">
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Radio.Group
            aria-label="Phạm vi gửi"
            value={targets.scope}
            disabled={disabled}
            onValueChange={(scope: string) => {
              if (scope === 'all') set({ scope: 'all' });
              else if (scope === 'tiers') set({ scope: 'tiers', tiers: targets.tiers ?? [] });
              else set({ scope: 'portals', portals: targets.portals ?? [] });
            }}
          >
            <Flex gap={6}>
              <Radio.Item value="all">Tất cả {portals.length || 119} cổng</Radio.Item>
              <Radio.Item value="tiers">Theo cấp</Radio.Item>
              <Radio.Item value="portals">Chọn cổng</Radio.Item>
            </Flex>
          </Radio.Group>

          {targets.scope === 'tiers' && (
            <Flex gap={6} data-testid="syndication-tiers">
              {(options?.tiers ?? []).map((t) => (
                <Checkbox key={t.value} disabled={disabled} checked={(targets.tiers ?? []).includes(t.value)} onCheckedChange={(on: boolean) => toggleTier(t.value, on === true)}>
                  {TIER_CHOICE[t.value]?.(t.count) ?? t.label}
                </Checkbox>
              ))}
            </Flex>
          )}

          {targets.scope === 'portals' && (
            <Flex direction="column" alignItems="stretch" gap={2} data-testid="syndication-portal-picker">
              <Flex gap={2} wrap="wrap">
                {(options?.tiers ?? []).map((t) => (
                  <Button key={t.value} variant="secondary" size="S" disabled={disabled} onClick={() => addTier(t.value)}>
                    + {TIER_CHOICE[t.value]?.(t.count) ?? t.label}
                  </Button>
                ))}
                <Button variant="tertiary" size="S" disabled={disabled || chosen.size === 0} onClick={() => set({ scope: 'portals', portals: [] })}>
                  Bỏ chọn tất cả
                </Button>
              </Flex>
              <TextInput
                aria-label="Tìm cổng theo tên hoặc mã"
                placeholder="Tìm theo tên hoặc mã cổng (vd. Đại Sơn, 07627, SYT)"
                value={search}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSearch(e.target.value)}
              />
              <Box maxHeight="280px" overflow="auto" padding={2} hasRadius borderColor="neutral150">
                {groups.map((g) => (
                  <Box key={g.value} paddingBottom={2}>
                    <Typography variant="sigma" textColor="neutral600">
                      {TIER_GROUP[g.value] ?? g.label} — đã chọn {portals.filter((p) => p.tier === g.value && chosen.has(p.code)).length}/{g.count}
                    </Typography>
                    {g.portals.map((p: PortalOption) => (
                      <Flex key={p.code} gap={2} paddingTop={1}>
                        <Checkbox disabled={disabled} checked={chosen.has(p.code)} onCheckedChange={(on: boolean) => togglePortal(p.code, on === true)}>
                          {p.name} ({p.code})
                        </Checkbox>
                        {p.communeType && <Badge>{p.communeType}</Badge>}
                        {p.publishMode === 'review' && <Badge>duyệt trước</Badge>}
                      </Flex>
                    ))}
                  </Box>
                ))}
                {groups.length === 0 && <Typography textColor="neutral600">Không tìm thấy cổng nào</Typography>}
              </Box>
            </Flex>
          )}

          <Typography fontWeight="bold" textColor={total === 0 ? 'danger600' : 'primary700'} data-testid="syndication-target-count">
            {total === 0 ? 'Chưa chọn cổng nào' : `Sẽ gửi tới ${total} cổng`}
          </Typography>
        </Flex>
      </Box>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
});

export default TargetsInput;
