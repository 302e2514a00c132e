/** Decision 96 category picker: "8.1.c — Thông tin chỉ đạo, điều hành"; stores the code. */
import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useFormOptions } from './api';

const CategoryInput = React.forwardRef<HTMLDivElement, any>(({ name, value, onChange, label, hint, error, required, disabled, attribute }, ref) => {
  const options = useFormOptions();
  const current = value || attribute?.default || options?.defaultCategory || '';
  return (
    <Field.Root name={name} hint={hint} error={error} required={required}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect ref={ref} value={options ? current : undefined} onChange={(v: string | number) => onChange(name, String(v))} disabled={disabled} placeholder="Chọn chuyên mục">
        {(options?.categories ?? []).map((c) => (
          <SingleSelectOption key={c.code} value={c.code}>
            {c.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
});

export default CategoryInput;
