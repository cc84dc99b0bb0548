import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { pino, type Logger } from 'pino';

import { PROCESS_ID, type StartVariables } from '../../../bpmn/process-contract.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { Migration } from '../../../platform/database.ts';
import type { ZeebeClient } from '../../../platform/zeebe-client.ts';
import { taxDepartment } from '../../../server/form/index.ts';
import { beijingTimestamp } from '../../../workers/calendar/beijing-time.ts';
import type { WorkerEnvironment } from '../../../workers/index.ts';
import { openTestDatabase, type TestDatabase } from '../../support/databases.ts';
import {
  deployProcess,
  openGatewayUnderTest,
  type GatewayTarget,
  type GatewayUnderTest,
} from '../../gateway/gateway-harness.ts';
import { InMemoryApplicationSource } from './in-memory-application-source.ts';
import { referenceData, type SyntheticApplication } from './synthetic-applications.ts';

/** One JSON log line the workers wrote. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

/**
 * The provincial model deployed on the embedded engine behind its gateway (the gateway
 * suites' harness), an in-memory application store, fresh department databases, and a
 * logger that keeps every line for the test to read.
 */
export interface WorkersUnderTest {
  gateway: GatewayUnderTest;
  zeebe: ZeebeClient;
  store: InMemoryApplicationSource;
  logger: Logger;
  logs: LogLine[];
  /** The databases the workers opened, by owner. */
  databases: Map<string, TestDatabase>;
  /** What `startWorkers` needs, with test settings (`settings` overrides the environment). */
  environment(settings?: Record<string, string>): WorkerEnvironment;
  /** Starts an instance for `application` and waits for its end; answers its variables. */
  run(
    application: SyntheticApplication,
    start?: Partial<StartVariables>,
  ): Promise<Record<string, unknown>>;
  /** Starts an instance and answers its key without waiting. */
  start(application: SyntheticApplication, start?: Partial<StartVariables>): Promise<string>;
  stop(): Promise<void>;
}

export const modelPath = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'bpmn',
  'flexible-employment-insurance.bpmn',
);

export async function openWorkersUnderTest(target: GatewayTarget): Promise<WorkersUnderTest> {
  const gateway = await openGatewayUnderTest(target);
  const zeebe = gateway.client();
  await deployProcess(zeebe, PROCESS_ID, await readFile(modelPath, 'utf8'));

  const store = new InMemoryApplicationSource();
  const logs: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
  );
  const databases = new Map<string, TestDatabase>();

  const openDatabase = async (owner: string, migrations: Migration[]) => {
    const database = await openTestDatabase(target.database ?? { name: 'pglite' }, migrations);
    databases.set(owner, database);
    return { db: database.db, close: () => database.drop() };
  };

  const variablesOf = (application: SyntheticApplication, start: Partial<StartVariables>) => {
    const variables: StartVariables = {
      applicationId: application.applicationId,
      city: application.city,
      items: application.form.items,
      taxDepartment: taxDepartment(application.city),
      mailCard: application.form.card?.mailCard ?? false,
      receivedAt: beijingTimestamp(new Date()),
      ...start,
    };
    return { ...variables };
  };

  return {
    gateway,
    zeebe,
    store,
    logger,
    logs,
    databases,
    environment: (settings = {}) => ({
      config: loadConfig({
        WORKER_RETRY_BACKOFF_MS: '100',
        WORKER_JOB_TIMEOUT_MS: '30000',
        ...settings,
      }),
      logger,
      zeebe,
      openDatabase,
      applicationSource: () => store,
      referenceData: () => referenceData,
      decisionRelayIntervalMs: 100,
      outboxIntervalMs: 60_000,
    }),
    run: async (application, start = {}) => {
      store.add(application);
      const result = await zeebe.createProcessInstanceWithResult({
        bpmnProcessId: PROCESS_ID,
        variables: variablesOf(application, start),
        requestTimeout: 60_000,
      });
      return result.variables as Record<string, unknown>;
    },
    start: async (application, start = {}) => {
      store.add(application);
      const created = await zeebe.createProcessInstance({
        bpmnProcessId: PROCESS_ID,
        variables: variablesOf(application, start),
      });
      return created.processInstanceKey;
    },
    stop: () => gateway.stop(),
  };
}
