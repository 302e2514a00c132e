/**
 * A second look at JSON request bodies, on the exact bytes received: `JSON.parse` keeps
 * the last of two equal keys silently (so `{"title":"A","title":"B"}` is ambiguous to
 * whoever reviews it) and accepts `__proto__` / `constructor` / `prototype` keys, which
 * become prototype pollution as soon as some code merges the object. Both are refused
 * with the path of the offending key. The syntax itself was already checked by the body
 * parser; this walker only needs to follow the structure.
 */
import type { FieldError } from '../utils/errors';

export const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

export function jsonKeyProblems(text: string, maxProblems = 20): FieldError[] {
  const problems: FieldError[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i += 1;
  };
  const str = (): string => {
    const start = i;
    i += 1; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(start, i));
  };
  const value = (path: string[], depth: number): void => {
    if (depth > 64) throw new Error('too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i += 1;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        const key = str();
        const at = [...path, key];
        if (FORBIDDEN_KEYS.includes(key)) problems.push({ path: at, message: `Tên trường không được phép: "${key}" / Forbidden key "${key}"` });
        else if (seen.has(key)) problems.push({ path: at, message: `Trường "${key}" xuất hiện hai lần / Duplicate key "${key}"` });
        seen.add(key);
        ws();
        i += 1; // colon
        value(at, depth + 1);
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        i += 1; // closing brace
        return;
      }
    }
    if (c === '[') {
      i += 1;
      ws();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (let n = 0; ; n += 1) {
        value([...path, String(n)], depth + 1);
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        i += 1;
        return;
      }
    }
    if (c === '"') {
      str();
      return;
    }
    while (i < text.length && !',}] \t\n\r'.includes(text[i])) i += 1; // number, true, false, null
  };
  try {
    value([], 0);
  } catch {
    problems.push({ path: [], message: 'JSON lồng quá sâu hoặc không hợp lệ / JSON nested too deeply or malformed' });
  }
  return problems.slice(0, maxProblems);
}
