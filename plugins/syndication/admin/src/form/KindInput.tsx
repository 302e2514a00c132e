/**
 * The four kinds of Art. 8.1.c, by their Vietnamese names; stores the API code. The
 * Content Manager shows this field only for 8.1.c (attribute `conditions`).
 */
import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useFormOptions } from './api';

const KindInput = React.forwardRef<HTMLDivElement, any>(({ name, value, onChange, label, hint, error, required, disabled }, ref) => {
  const options = useFormOptions();
  return (
    <Field.Root name={name} hint={hint} error={error} required={required}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        ref={ref}
        value={value ?? undefined}
        onChange={(v: string | number) => onChange(name, String(v))}
        onClear={() => onChange(name, null)}
        clearLabel="Bỏ chọn"
        disabled={disabled}
        placeholder="Chọn loại thông tin"
      >
        {(options?.kinds ?? []).map((k) => (
          <SingleSelectOption key={k.value} value={k.value}>
            {k.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
});

export default KindInput;
