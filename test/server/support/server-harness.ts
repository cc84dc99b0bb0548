import type { StartVariables } from '../../../bpmn/process-contract.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { EngineRecordsReader } from '../../../platform/engine-records-client.ts';
import { createLogger } from '../../../platform/logger.ts';
import { buildServer, type Server } from '../../../server/app.ts';
import type { Clock } from '../../../server/applications/application-store.ts';
import { applicationStoreMigrations } from '../../../server/applications/migrations.ts';
import type { ProcessInstances } from '../../../server/applications/process-instances.ts';
import type { IdentityDataSharing } from '../../../server/identity/data-sharing.ts';
import { ReferenceIdentityDataSharing } from '../../../server/identity/reference-data-sharing.ts';
import {
  loadReferenceData,
  type ReferenceData,
} from '../../../server/reference-data/reference-data.ts';
import {
  openTestDatabase,
  type DatabaseTarget,
  type TestDatabase,
} from '../../support/databases.ts';

export const referenceData: ReferenceData = loadReferenceData();

/** Bearer headers for each configured dev token. */
export const as = {
  clerk: { authorization: 'Bearer dev-clerk' },
  otherClerk: { authorization: 'Bearer dev-clerk-2' },
  online: { authorization: 'Bearer dev-online' },
  hrss: { authorization: 'Bearer dev-hrss' },
  medical: { authorization: 'Bearer dev-medical' },
  tax: { authorization: 'Bearer dev-tax' },
  taxQingdao: { authorization: 'Bearer dev-tax-qingdao' },
  housingFund: { authorization: 'Bearer dev-housing-fund' },
  province: { authorization: 'Bearer dev-province' },
  manager: { authorization: 'Bearer dev-manager' },
  analyst: { authorization: 'Bearer dev-analyst' },
} as const;

/**
 * Stands in for the engine where a test is about the server alone: records the instances
 * it is asked to create and cancel, and can be made unreachable.
 */
export class RecordingProcessInstances implements ProcessInstances {
  created: { processInstanceKey: string; variables: StartVariables }[] = [];
  cancelled: string[] = [];
  reachable = true;
  private nextKey = 2251799813685249n;

  async create(variables: StartVariables): Promise<string> {
    if (!this.reachable) throw new Error('14 UNAVAILABLE: No connection established');
    const processInstanceKey = String(this.nextKey++);
    this.created.push({ processInstanceKey, variables });
    return processInstanceKey;
  }

  async cancel(processInstanceKey: string): Promise<void> {
    this.cancelled.push(processInstanceKey);
  }

  /** Forgets what was created and cancelled; reachable again. */
  reset(): void {
    this.created = [];
    this.cancelled = [];
    this.reachable = true;
  }
}

export interface TestServer extends Server {
  instances: RecordingProcessInstances;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The server on a fresh database, with the dev tokens plus a second clerk. */
export async function startTestServer(
  target: DatabaseTarget,
  options: {
    identity?: IdentityDataSharing;
    clock?: Clock;
    engineRecords?: EngineRecordsReader;
  } = {},
): Promise<TestServer> {
  const database = await openTestDatabase(target, applicationStoreMigrations);
  const instances = new RecordingProcessInstances();
  const config = loadConfig({ CLERK_TOKENS: 'clerk-1=dev-clerk,clerk-2=dev-clerk-2' });
  const server = await buildServer({
    config,
    logger: createLogger({ level: 'silent' }),
    db: database.db,
    instances,
    identity: options.identity ?? new ReferenceIdentityDataSharing(referenceData),
    referenceData,
    clock: options.clock,
    engineRecords: options.engineRecords,
    backgroundStarts: false,
    starter: { attemptTimeoutMs: 2_000, leaseMs: 0, maxRetryDelayMs: 0 },
  });
  return {
    ...server,
    instances,
    database,
    close: async () => {
      await server.app.close();
      await database.drop();
    },
  };
}
