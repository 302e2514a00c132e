/**
 * The four kinds of Art. 8.1.c, by their Vietnamese names; stores the API code. The
 * Content Manager shows this field only for 8.1.c (attribute `conditions`).
 */
import * as React from 'react';
import { useFormOptions } from './api';
import { CodeSelect } from './CodeSelect';

const KindInput = React.forwardRef<HTMLDivElement, any>(({ attribute: _attribute, ...field }, ref) => {
  const options = useFormOptions();
  return <CodeSelect ref={ref} {...field} options={options ? options.kinds : []} placeholder="Chọn loại thông tin" clearLabel="Bỏ chọn" />;
});

export default KindInput;
