// What every command shares: the services over DATABASE_URL's database, opened and closed around
// the command's work, and domain errors rendered for a terminal.
import { openServices, setupUpgrade, type App } from '../app.ts';
import { DomainError } from '../errors/domain-errors.ts';
import { optionsFromEnv } from '../options.ts';
import { UsageError } from './args.ts';

/** Opens the database from DATABASE_URL, brings its schema up to date, runs `work`, closes. */
export async function withServices(work: (services: App) => Promise<number>, upgrade = true): Promise<number> {
  const services = await openServices(optionsFromEnv());
  // Which database a command used, on stderr (stdout stays parseable, e.g. --json): an admin
  // created in another database than the server's is the classic first-hour puzzle.
  const where = `database: ${services.database.safeUrl}`;
  try {
    if (upgrade) await setupUpgrade(services);
    const code = await work(services);
    console.error(`(${where})`);
    return code;
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(`${renderDomainError(error)} (${where})`);
    if (error instanceof UsageError) throw new UsageError(`${error.message} (${where})`);
    throw error;
  } finally {
    await services.close();
  }
}

/** A domain message with its %placeholders filled, for people reading a terminal. */
export function renderDomainError(error: DomainError): string {
  const params = error.params ?? {};
  let text = error.message;
  if (Array.isArray(params)) params.forEach((v, i) => (text = text.replaceAll(`%${i + 1}`, String(v))));
  else for (const [k, v] of Object.entries(params)) text = text.replaceAll(`%${k}`, String(v));
  const errors = (error as { errors?: DomainError[] }).errors ?? [];
  if (errors.length > 0) text = errors.map(renderDomainError).join(' ');
  return text;
}

