import { isIP } from 'node:net';
import { z } from 'zod';
import type { RecordError } from '../records.ts';
import { parseCsv } from './csv.ts';

/** One inventory entry as imported (CSV row or JSON object). */
export const inventoryEntrySchema = z.object({
  hostname: z.string().trim().min(1, 'hostname is required').max(253),
  ips: z.array(z.string().trim().refine((ip) => isIP(ip) !== 0, 'not an IP address')).default([]),
  owner: z.string().trim().min(1).optional(),
  businessService: z.string().trim().min(1).optional(),
  criticality: z.coerce.number().int('criticality must be a whole number').min(1).max(5),
  dataClasses: z.array(z.string().trim().toLowerCase().min(1)).default([]),
});
export type InventoryEntry = z.infer<typeof inventoryEntrySchema>;

export interface InventoryParse {
  readonly entries: readonly InventoryEntry[];
  readonly errors: readonly RecordError[];
}

const HEADER_ALIASES: Readonly<Record<string, keyof InventoryEntry>> = {
  hostname: 'hostname',
  host: 'hostname',
  name: 'hostname',
  ips: 'ips',
  ip: 'ips',
  ip_addresses: 'ips',
  owner: 'owner',
  business_service: 'businessService',
  businessservice: 'businessService',
  service: 'businessService',
  criticality: 'criticality',
  data_classes: 'dataClasses',
  dataclasses: 'dataClasses',
  data: 'dataClasses',
};

const listCell = (value: string): string[] =>
  value
    .split(/[;|\s]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** CSV with a header row (hostname, ips, owner, business_service, criticality, data_classes; lists split on ; | or spaces). */
export function parseInventoryCsv(text: string): InventoryParse {
  const rows = parseCsv(text);
  const header = rows.shift();
  if (header === undefined) return { entries: [], errors: [{ position: { index: 0, line: 1 }, reason: 'empty file' }] };
  const columns = header.cells.map((c) => HEADER_ALIASES[c.trim().toLowerCase().replace(/[\s-]+/g, '_')]);
  const missing = (['hostname', 'criticality'] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return {
      entries: [],
      errors: [{ position: { index: 0, line: header.line }, reason: `header lacks required column(s): ${missing.join(', ')}` }],
    };
  }
  const objects = rows.map((row) => {
    const object: Record<string, unknown> = {};
    row.cells.forEach((cell, i) => {
      const key = columns[i];
      if (key === undefined || cell.trim() === '') return;
      object[key] = key === 'ips' || key === 'dataClasses' ? listCell(cell) : cell;
    });
    return object;
  });
  return validate(objects, (i) => ({ index: i, line: rows[i]?.line ?? 0 }));
}

/** JSON: an array of objects with the same fields (camelCase or snake_case). */
export function parseInventoryJson(value: unknown): InventoryParse {
  if (!Array.isArray(value)) {
    return { entries: [], errors: [{ position: { index: 0 }, reason: 'expected a JSON array of assets' }] };
  }
  const objects = value.map((v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [key, val] of Object.entries(v)) {
      const name = HEADER_ALIASES[key.toLowerCase()] ?? key;
      out[name] = (name === 'ips' || name === 'dataClasses') && typeof val === 'string' ? listCell(val) : val;
    }
    return out;
  });
  return validate(objects, (index) => ({ index }));
}

function validate(objects: readonly unknown[], positionOf: (i: number) => RecordError['position']): InventoryParse {
  const entries: InventoryEntry[] = [];
  const errors: RecordError[] = [];
  objects.forEach((object, i) => {
    const result = inventoryEntrySchema.safeParse(object);
    if (result.success) entries.push(result.data);
    else {
      const reason = result.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ');
      errors.push({ position: positionOf(i), reason });
    }
  });
  return { entries, errors };
}
