/** Decision 96 category picker: "8.1.c — Thông tin chỉ đạo, điều hành"; stores the code. */
import * as React from 'react';
import { useFormOptions } from './api';
import { CodeSelect } from './CodeSelect';

const CategoryInput = React.forwardRef<HTMLDivElement, any>(({ attribute, ...field }, ref) => {
  const options = useFormOptions();
  return (
    <CodeSelect
      ref={ref}
      {...field}
      value={field.value || attribute?.default || options?.defaultCategory || ''}
      options={options ? options.categories.map((c) => ({ value: c.code, label: c.label })) : null}
      placeholder="Chọn chuyên mục"
    />
  );
});

export default CategoryInput;
