// The migration domain's entry points for doors (the CLI): each builds what it needs from the
// shared services and runs one import or export.
import { Argon2PasswordHasher, type Argon2Params } from '../auth/passwords.ts';
import type { Services } from '../services.ts';
import { CsvExporter } from './csv-export.ts';
import { CsvImporter } from './csv-import.ts';
import { ImportRepository } from './import-repository.ts';
import { MagentoImporter } from './magento-import.ts';
import { MagentoSource } from './magento-source-repository.ts';
import type { ProgressSink } from './progress.ts';
import { ImportReport } from './report.ts';

export { ImportReport } from './report.ts';
export { Progress, SILENT } from './progress.ts';

export async function importFromMagento(
  services: Services,
  input: { url: string; tablePrefix?: string; dryRun: boolean; full: boolean; batchSize: number; refusalsPath: string | null; progress: ProgressSink },
): Promise<ImportReport> {
  const source = await MagentoSource.open(input.url, input.tablePrefix ?? '');
  const report = new ImportReport(input.refusalsPath, input.dryRun);
  try {
    const repository = new ImportRepository(services.database.db, services.database.dialect);
    await new MagentoImporter(source, repository, services.directory, input.progress).run(report, { full: input.full, batchSize: input.batchSize });
    return report;
  } finally {
    report.close();
    await source.close();
  }
}

export async function importCsv(
  services: Services,
  input: { customersPath: string; addressesPath?: string; dryRun: boolean; batchSize: number; refusalsPath: string | null; progress: ProgressSink; argon2: Argon2Params },
): Promise<ImportReport> {
  const report = new ImportReport(input.refusalsPath, input.dryRun);
  try {
    const repository = new ImportRepository(services.database.db, services.database.dialect);
    // A `password` column (plain text, as Magento's import accepts) is hashed as Keyfront hashes.
    await new CsvImporter(repository, services.directory, input.progress, new Argon2PasswordHasher(input.argon2)).run(report, input);
    return report;
  } finally {
    report.close();
  }
}

export async function exportCsv(services: Services, input: { outDir: string; withIds: boolean; progress: ProgressSink }): Promise<{ customers: number; addresses: number; files: string[] }> {
  const repository = new ImportRepository(services.database.db, services.database.dialect);
  return new CsvExporter(repository, input.progress).run(input.outDir, input.withIds);
}
