/** RFC 4180 CSV: CRLF line ends; a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** UTF-8 with a byte-order mark: without it, Excel reads the file as the system's code page and garbles accents. */
export function csvFile(rows: readonly (readonly string[])[]): Buffer {
  return Buffer.from(`\uFEFF${toCsv(rows)}`, 'utf8');
}
