// Tables for the terminal: rows of cells in aligned columns (text left, numbers right), and times as a table shows them.

export interface TextColumn {
  title: string;
  align?: 'left' | 'right';
}

/**
 * The text with control characters (C0, DEL, C1: ESC and the terminal sequences it starts) shown as `\x1b`
 * escapes: a cell from an upload can never move the cursor, recolour or retitle the terminal.
 */
export function terminalSafe(text: string): string {
  let safe = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    safe += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `\\x${code.toString(16).padStart(2, '0')}` : char;
  }
  return safe;
}

/** Rows of cells in aligned columns; every cell made terminal-safe. */
export function renderTextTable(columns: TextColumn[], givenRows: string[][]): string {
  const rows = givenRows.map((row) => row.map(terminalSafe));
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
