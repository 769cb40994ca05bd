// Renders rows of cells as a GitHub-flavoured Markdown table, text left-aligned and numbers right-aligned.

export type Cell = string | number | null | undefined;

/** How numbers are written: digits after the point. Missing values (null, undefined, NaN) are a dash. */
export function formatCell(cell: Cell, digits = 3): string {
  if (cell === null || cell === undefined || (typeof cell === 'number' && Number.isNaN(cell))) return '—';
  if (typeof cell === 'number') return cell.toFixed(digits);
  return cell.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)} %`;
}

/** Columns whose header ends with `:` are right-aligned (the colon is not shown). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const right = headers.map((header) => header.endsWith(':'));
  const names = headers.map((header, i) => (right[i] ? header.slice(0, -1) : header));
  const widths = names.map((name, i) =>
    Math.max(3, name.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (right[i] ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number))).join(' | ')} |`;
  const rule = `| ${widths.map((width, i) => (right[i] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(names), rule, ...rows.map((row) => line(headers.map((_, i) => row[i] ?? '')))].join('\n');
}
