import type { ActivatedJob, EngineRecord, Variables } from '../../../../engine/api.ts';
import {
  engineMigrations,
  openEngine,
  TestClock,
  type OpenedEngine,
} from '../../../../engine/index.ts';
import {
  openTestDatabase,
  type DatabaseTarget,
  type TestDatabase,
} from '../../../support/databases.ts';

/** An engine on a fresh database with a test clock; `restart` reopens it on the same data. */
export interface EngineHarness {
  engine: OpenedEngine;
  clock: TestClock;
  database: TestDatabase;
  restart(): Promise<OpenedEngine>;
  close(): Promise<void>;
}

export async function openHarness(target: DatabaseTarget): Promise<EngineHarness> {
  const database = await openTestDatabase(target, engineMigrations);
  const clock = new TestClock();
  const harness: EngineHarness = {
    engine: await openEngine({ db: database.db, clock }),
    clock,
    database,
    async restart() {
      await harness.engine.close();
      harness.engine = await openEngine({ db: database.db, clock });
      return harness.engine;
    },
    async close() {
      await harness.engine.close();
      await database.drop();
    },
  };
  return harness;
}

/** Deploys one BPMN document and returns its processes' metadata. */
export async function deployModel(engine: OpenedEngine, xml: string, name = 'model.bpmn') {
  return engine.deploy({ resources: [{ name, content: xml }] });
}

/** Activates the one job of `type` waiting now; fails when there is none. */
export async function activateOne(
  engine: OpenedEngine,
  type: string,
  options: { fetchVariables?: string[]; timeoutMs?: number } = {},
): Promise<ActivatedJob> {
  const [job] = await engine.activateJobs({
    type,
    worker: 'test-worker',
    timeoutMs: options.timeoutMs ?? 60_000,
    maxJobsToActivate: 1,
    fetchVariables: options.fetchVariables,
  });
  if (!job) throw new Error(`no activatable job of type <${type}>`);
  return job;
}

/** Activates and completes the one job of `type`. */
export async function completeOne(
  engine: OpenedEngine,
  type: string,
  variables?: Variables,
): Promise<ActivatedJob> {
  const job = await activateOne(engine, type);
  await engine.completeJob(job.key, variables);
  return job;
}

/** Every record of an instance, in order. */
export async function recordsOf(engine: OpenedEngine, processInstanceKey: string) {
  return engine.records({ processInstanceKey, limit: 10_000 });
}

/** `elementId:intent` for the PROCESS_INSTANCE records, the lifecycle a test reads. */
export function lifecycle(records: EngineRecord[], elementIds?: string[]): string[] {
  return records
    .filter((record) => record.valueType === 'PROCESS_INSTANCE')
    .filter((record) => !elementIds || elementIds.includes(record.elementId ?? ''))
    .map((record) => `${record.elementId}:${record.intent}`);
}

/** `valueType:intent` of every record, optionally of some value types only. */
export function intents(records: EngineRecord[], valueTypes?: string[]): string[] {
  return records
    .filter((record) => !valueTypes || valueTypes.includes(record.valueType))
    .map((record) => `${record.valueType}:${record.intent}`);
}

/** The instance's variables as the last VARIABLE records say, by scope key then name. */
export function variablesOf(records: EngineRecord[], scopeKey?: string): Variables {
  const result: Variables = {};
  for (const record of records) {
    if (record.valueType !== 'VARIABLE') continue;
    if (scopeKey && record.value.scopeKey !== scopeKey) continue;
    result[record.value.name as string] = JSON.parse(record.value.value as string);
  }
  return result;
}

/** True when the instance's process element completed. */
export function completed(records: EngineRecord[], processInstanceKey: string): boolean {
  return records.some(
    (record) =>
      record.key === processInstanceKey &&
      record.valueType === 'PROCESS_INSTANCE' &&
      record.intent === 'ELEMENT_COMPLETED',
  );
}
