/**
 * The embedded engine: executes Zeebe-flavoured BPMN durably in PostgreSQL (or PGlite)
 * behind the `EngineApi` the gateway serves.
 */
import { pino, type Logger } from 'pino';
import type { Database } from '../platform/database.ts';
import type { Clock, EngineApi } from './api.ts';
import { systemClock } from './clock.ts';
import { Engine } from './engine.ts';

export { engineMigrations } from './store/migrations.ts';
export { TestClock, systemClock } from './clock.ts';
export type { ObservableClock } from './clock.ts';
export { EngineError, engineErrors } from './errors.ts';
export type * from './api.ts';
export { DEFAULT_TENANT } from './api.ts';

export interface EngineOptions {
  /** A database opened with `engineMigrations` (owner `engine`). */
  db: Database;
  /** Time source; a `TestClock` lets tests move time. Default: the wall clock. */
  clock?: Clock;
  logger?: Logger;
}

/** The engine as `openEngine` returns it. */
export type OpenedEngine = EngineApi & { readonly clock: Clock };

/**
 * Opens the engine on a migrated database and resumes what the database holds: due
 * timers fire at once, jobs, subscriptions and buffered messages are there as they were.
 * `close()` stops it but leaves the database open.
 */
export async function openEngine(options: EngineOptions): Promise<OpenedEngine> {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'engine' });
  const engine = new Engine(options.db, options.clock ?? systemClock, logger);
  await engine.open();
  logger.info('engine opened');
  return engine;
}
