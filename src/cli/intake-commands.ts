import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { readRecordChunks } from '../intake/file-reader.ts';
import type { RecordError, RecordPosition } from '../intake/records.ts';
import { printJson, withVigil, type GlobalOptions } from './open-vigil.ts';

interface IngestOptions extends GlobalOptions {
  readonly format: string;
  readonly tenant: string;
}

export function registerIntakeCommands(program: Command): void {
  program
    .command('ingest')
    .description('ingest alerts from a file (NDJSON, JSON array, text lines; plain or gzipped) or - for stdin')
    .requiredOption('--format <format>', 'wazuh, suricata, elastic, ocsf, cef, syslog, or a configured mapping')
    .requiredOption('--tenant <tenant>', 'tenant to file the alerts under')
    .option('--config <file>', 'config file')
    .option('--database <url>', 'SQLite file path or postgres:// URL; also VIGIL_DATABASE_URL')
    .argument('<file>', 'file path, or - for stdin')
    .action(async (file: string, options: IngestOptions) => {
      const summary = await withVigil(options, async (vigil) => {
        const parser = vigil.formats.require(options.format);
        if ((await vigil.store.tenants.get(options.tenant)) === undefined) {
          throw new Error(`tenant ${options.tenant} does not exist (create it with: vigil tenant create ${options.tenant})`);
        }
        const total = { format: parser.format, accepted: 0, duplicates: 0, rejected: 0, events: 0 };
        const rejectedRecords: RecordError[] = [];
        const duplicateRecords: RecordPosition[] = [];
        for await (const chunk of readRecordChunks(file, parser)) {
          const s = await vigil.intake.ingest(options.tenant, parser, chunk);
          total.accepted += s.accepted;
          total.duplicates += s.duplicates;
          total.rejected += s.rejected;
          total.events += s.events;
          rejectedRecords.push(...s.errors);
          if (duplicateRecords.length < 1000) duplicateRecords.push(...s.duplicatePositions);
        }
        // Route what was stored into incidents now (a running server would do it too: exactly once either way).
        await vigil.router.drain();
        return { ...total, rejectedRecords, duplicateRecords: duplicateRecords.slice(0, 1000) };
      });
      printJson(summary);
      if (summary.rejected > 0 && summary.accepted + summary.duplicates + summary.events === 0) process.exitCode = 1;
    });

  const assets = program.command('assets').description('the asset inventory');
  assets
    .command('import')
    .description('import assets from CSV (header row) or a JSON array; upserts by hostname')
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--config <file>', 'config file')
    .option('--database <url>', 'SQLite file path or postgres:// URL')
    .argument('<file>', 'CSV or JSON file')
    .action(async (file: string, options: GlobalOptions & { tenant: string }) => {
      const text = readFileSync(file, 'utf8');
      const kind = file.endsWith('.json') || text.trimStart().startsWith('[') ? 'json' : 'csv';
      const summary = await withVigil(options, (vigil) => vigil.assets.importText(options.tenant, text, kind));
      printJson(summary);
      if (summary.rejected > 0) process.exitCode = 1;
    });
}
