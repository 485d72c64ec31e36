// Recognises a unique-key violation on any of the three dialects, so a race between two inserts
// ends as a domain error ("already exists") rather than a 500.
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === '23505') return true; // PostgreSQL unique_violation
  if (e.code === 'ER_DUP_ENTRY' || e.errno === 1062) return true; // MySQL / MariaDB
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT_UNIQUE')) return true;
  if (e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  return false;
}
