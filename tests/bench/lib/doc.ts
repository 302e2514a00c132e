/**
 * Writes a run's figures into docs/BENCHMARKS.md between marker comments, so the
 * recorded numbers always come from a real run (the analysis around them is prose).
 */
import fs from 'node:fs';

export function replaceBlock(file: string, name: string, content: string) {
  const text = fs.readFileSync(file, 'utf8');
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} has no ${begin} … ${end} block`);
  fs.writeFileSync(file, `${text.slice(0, from + begin.length)}\n${content.trim()}\n${text.slice(to)}`);
}
