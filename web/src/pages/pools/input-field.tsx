import type { InputHTMLAttributes, ReactNode } from 'react';
import { Field } from '../../components/field.js';

/**
 * A labelled input (the shared Field) that also takes the input's own attributes (`list`, `step`,
 * `disabled`, …), which the shared TextField does not pass on.
 */
export function InputField({
  label,
  value,
  onChange,
  hint,
  error,
  ...input
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: ReactNode;
  error?: string | null;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(props) => <input {...input} {...props} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}
