// Tables for the terminal: rows of cells in aligned columns (text left, numbers right), and times as a table shows them.

export interface TextColumn {
  title: string;
  align?: 'left' | 'right';
}

export function renderTextTable(columns: TextColumn[], rows: string[][]): string {
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: string[]) =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] as number;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return `${[line(columns.map((column) => column.title)), ...rows.map(line)].join('\n')}\n`;
}

/** A time as a table shows it: "2026-06-01 12:34 UTC". */
export function formatTableTime(time: Date): string {
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
