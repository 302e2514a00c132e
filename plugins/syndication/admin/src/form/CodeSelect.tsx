/**
 * A custom field that picks one code from a list the server gives (GET /syndication/form-options):
 * the category and kind pickers. Labels are shown, codes are stored.
 */
import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';

export interface CodeSelectProps {
  name: string;
  value: string | null | undefined;
  onChange(name: string, value: string | null): void;
  label?: React.ReactNode;
  hint?: React.ReactNode;
  error?: string;
  required?: boolean;
  disabled?: boolean;
  /** null while the options load. */
  options: { value: string; label: string }[] | null;
  placeholder: string;
  /** Shown with a "clear" button that stores null. */
  clearLabel?: string;
}

export const CodeSelect = React.forwardRef<HTMLDivElement, CodeSelectProps>(({ name, value, onChange, label, hint, error, required, disabled, options, placeholder, clearLabel }, ref) => (
  <Field.Root name={name} hint={hint} error={error} required={required}>
    <Field.Label>{label}</Field.Label>
    <SingleSelect
      ref={ref}
      value={options ? value ?? undefined : undefined}
      onChange={(v: string | number) => onChange(name, String(v))}
      {...(clearLabel ? { onClear: () => onChange(name, null), clearLabel } : {})}
      disabled={disabled}
      placeholder={placeholder}
    >
      {(options ?? []).map((o) => (
        <SingleSelectOption key={o.value} value={o.value}>
          {o.label}
        </SingleSelectOption>
      ))}
    </SingleSelect>
    <Field.Hint />
    <Field.Error />
  </Field.Root>
));
