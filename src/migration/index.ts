// The migration domain's entry points for doors (the CLI): each builds what it needs from the
// shared services and runs one import or export.
import { Argon2PasswordHasher, type Argon2Params } from '../auth/passwords.ts';
import type { Database } from '../db/database.ts';
import type { Directory } from '../directory/service.ts';
import { CsvExporter } from './csv-export.ts';
import { CsvImporter } from './csv-import.ts';
import { ExportReads, ImportRepository } from './import-repository.ts';
import { MagentoImporter } from './magento-import.ts';
import { MagentoSource } from './magento-source-repository.ts';
import type { ProgressSink } from './progress.ts';
import { ImportReport } from './report.ts';

export { ImportReport } from './report.ts';

/** What an import or export needs of the application: its database and the country directory. */
export interface MigrationDeps {
  database: Database;
  directory: Directory;
}
export { Progress, SILENT } from './progress.ts';

export async function importFromMagento(
  services: MigrationDeps,
  input: { url: string; tablePrefix?: string; dryRun: boolean; full: boolean; batchSize: number; refusalsPath: string | null; progress: ProgressSink },
): Promise<ImportReport> {
  const source = await MagentoSource.open(input.url, input.tablePrefix ?? '');
  const report = new ImportReport(input.refusalsPath, input.dryRun);
  try {
    const repository = new ImportRepository(services.database);
    await new MagentoImporter(source, repository, services.directory, input.progress).run(report, { full: input.full, batchSize: input.batchSize });
    return report;
  } finally {
    report.close();
    await source.close();
  }
}

export async function importCsv(
  services: MigrationDeps,
  input: { customersPath: string; addressesPath?: string; dryRun: boolean; batchSize: number; refusalsPath: string | null; progress: ProgressSink; argon2: Argon2Params },
): Promise<ImportReport> {
  const report = new ImportReport(input.refusalsPath, input.dryRun);
  // A `password` column (plain text, as Magento's import accepts) is hashed as Keyfront hashes.
  const hasher = new Argon2PasswordHasher(input.argon2);
  try {
    const repository = new ImportRepository(services.database);
    await new CsvImporter(repository, new ExportReads(services.database), services.directory, input.progress, hasher).run(report, input);
    return report;
  } finally {
    report.close();
    await hasher.close();
  }
}

export async function exportCsv(services: MigrationDeps, input: { outDir: string; withIds: boolean; progress: ProgressSink }): Promise<{ customers: number; addresses: number; files: string[] }> {
  return new CsvExporter(new ExportReads(services.database), input.progress).run(input.outDir, input.withIds);
}
