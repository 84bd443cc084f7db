import type { Command } from 'commander';
import { loadConfig } from '../src/infrastructure/config/config';
import { UsageError } from './errors';
import { globalOptions } from './options';
import { emit } from './output';

/** `codepix migrate`: the schema changes a hub needs, applied once, safely alongside running hubs. */
export function addMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations to DATABASE_URL and print them')
    .action(async (_opts, command: Command) => {
      const { json } = globalOptions(command);
      const { databaseUrl } = loadConfig();
      if (!databaseUrl) throw new UsageError('DATABASE_URL is not set');
      const { createDataSource } = await import('../src/infrastructure/persistence/data-source');
      const { migrate } = await import('../lib/persistence/migrate');
      const dataSource = await createDataSource(databaseUrl).initialize();
      let applied: string[];
      try {
        applied = await migrate(dataSource);
      } finally {
        await dataSource.destroy();
      }
      emit(json, { applied }, () =>
        applied.length === 0
          ? 'nothing to apply: the database is up to date'
          : applied.map((name) => `applied ${name}`).join('\n'),
      );
    });
}
