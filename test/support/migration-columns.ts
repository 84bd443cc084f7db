import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The declared width of every `varchar(n)` and `char(n)` column the migrations make, as
 * `table.column` → n: their `up` runs against a QueryRunner that only records the SQL (migrations
 * issue nothing but `query`), and the CREATE TABLE and ADD COLUMN statements are read back.
 */
export async function columnWidths(
  migrations: (new () => MigrationInterface)[],
): Promise<Map<string, number>> {
  const statements: string[] = [];
  const recorder = {
    query: async (sql: string) => {
      statements.push(sql);
      return [];
    },
  } as unknown as QueryRunner;
  for (const Migration of migrations) await new Migration().up(recorder);
  const widths = new Map<string, number>();
  for (const sql of statements) {
    const created = /CREATE TABLE (\w+) \(/.exec(sql);
    if (created) {
      for (const [, column, width] of sql.matchAll(/^\s*(\w+) (?:var)?char\((\d+)\)/gm)) {
        widths.set(`${created[1]}.${column}`, Number(width));
      }
    }
    for (const [, table, column, width] of sql.matchAll(
      /ALTER TABLE (\w+) ADD COLUMN (\w+) (?:var)?char\((\d+)\)/g,
    )) {
      widths.set(`${table}.${column}`, Number(width));
    }
  }
  return widths;
}
