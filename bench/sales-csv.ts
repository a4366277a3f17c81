/** The benchmarks' sales CSV (id, customer, amount, region, ordered_at), written in 10,000-row chunks. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';

/** Writes rows until `rows` rows or `bytes` bytes (whichever is given) are written; returns the file size. */
export async function writeSalesCsv(
  path: string,
  limit: { readonly rows: number } | { readonly bytes: number },
): Promise<number> {
  const out = createWriteStream(path);
  out.write('id,customer,amount,region,ordered_at\n');
  const regions = ['north', 'south', 'east', 'west'];
  const rows = 'rows' in limit ? limit.rows : Infinity;
  const bytes = 'bytes' in limit ? limit.bytes : Infinity;
  let written = 0;
  for (let i = 0; i < rows && written < bytes;) {
    let chunk = '';
    for (let k = 0; k < 10_000 && i < rows; k++, i++) {
      chunk += `${i},customer-${i % 9973},${(i % 100_000) / 100},${regions[i % 4]},2024-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00\n`;
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  return (await stat(path)).size;
}
