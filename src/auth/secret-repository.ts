// Named secrets kept in the database (keyfront_secret): today the generated master secret.
import { Repository } from '../db/repository.ts';

export class SecretRepository extends Repository {
  async find(name: string): Promise<string | undefined> {
    return (await this.db.selectFrom('keyfront_secret').select('value').where('name', '=', name).executeTakeFirst())?.value;
  }

  /** Stores the value unless the name is taken; answers false when another process was first. */
  async insertIfAbsent(name: string, value: string, createdAt: number): Promise<boolean> {
    try {
      await this.db.insertInto('keyfront_secret').values({ name, value, created_at: createdAt }).execute();
      return true;
    } catch {
      return false;
    }
  }
}
