import type { Department } from '../bpmn/process-contract.ts';
import { ConfigError, type Config } from '../platform/config.ts';
import { openDatabase, type Database, type Migration } from '../platform/database.ts';
import type { Logger } from '../platform/logger.ts';
import type { ZeebeClient } from '../platform/zeebe-client.ts';
import type { DepartmentCaller } from '../server/department-api/contract.ts';
import { loadReferenceData, type ReferenceData } from '../server/reference-data/reference-data.ts';
import type { ApplicationSource } from './application-source/application-source.ts';
import { HttpApplicationSource } from './application-source/http.ts';
import { WorkingDayCalendar } from './calendar/working-day-calendar.ts';
import { startDecisionRelay } from './departments/decision-relay.ts';
import type { DecisionFeed } from './departments/department-system.ts';
import { HttpDepartmentSystem } from './departments/http/http-department-system.ts';
import { housingFundMigrations } from './departments/housing-fund/housing-fund-migrations.ts';
import { housingFundWorkers } from './departments/housing-fund/housing-fund-workers.ts';
import { ReferenceHousingFundSystem } from './departments/housing-fund/reference-housing-fund-system.ts';
import { hrssMigrations } from './departments/hrss/hrss-migrations.ts';
import { hrssWorkers } from './departments/hrss/hrss-workers.ts';
import { ReferenceHrssSystem } from './departments/hrss/reference-hrss-system.ts';
import { medicalMigrations } from './departments/medical/medical-migrations.ts';
import { medicalWorkers } from './departments/medical/medical-workers.ts';
import { ReferenceMedicalSystem } from './departments/medical/reference-medical-system.ts';
import type { ReferenceDesk } from './departments/reference/reference-desk.ts';
import { zeebeResultPublisher } from './departments/result-publisher.ts';
import type { SubmitDependencies } from './departments/submit-worker.ts';
import type { ReferenceSystemOptions } from './departments/reference/reference-options.ts';
import { ReferenceTaxSystem } from './departments/tax/reference-tax-system.ts';
import type { TaxSystem } from './departments/tax/tax-system.ts';
import { taxMigrations } from './departments/tax/tax-migrations.ts';
import { taxWorkers } from './departments/tax/tax-workers.ts';
import { startJobWorker, type JobWorkerDefinition } from './jobs/job-worker.ts';
import { notificationMigrations } from './notification/notification-migrations.ts';
import { NotificationOutbox } from './notification/notification-outbox.ts';
import {
  logNotificationSender,
  type NotificationSender,
} from './notification/notification-sender.ts';
import { notificationWorker } from './notification/notification-worker.ts';
import { deadlineWorker } from './province/deadline-worker.ts';
import { escalationWorker } from './province/escalation-worker.ts';
import { outcomeWorker } from './province/outcome-worker.ts';

/** A set of workers run together: one department's, or the province's own platform steps. */
export type WorkerGroup = Department | 'province';

export const workerGroups = [
  'hrss',
  'medical',
  'tax',
  'tax-qingdao',
  'housing-fund',
  'province',
] as const satisfies readonly WorkerGroup[];

/** The database owner each group keeps its records under. */
export const groupDatabaseOwners: Record<WorkerGroup, string> = {
  hrss: 'hrss',
  medical: 'medical',
  tax: 'tax',
  'tax-qingdao': 'tax_qingdao',
  'housing-fund': 'housing_fund',
  province: 'notification',
};

/** What the workers run with; everything but `config`, `logger` and `zeebe` has a default. */
export interface WorkerEnvironment {
  config: Config;
  logger: Logger;
  /** The SDK client (`platform/zeebe-client.ts`); its owner closes it after the workers stop. */
  zeebe: ZeebeClient;
  /**
   * Opens a group's database; default `openDatabase` with `DATABASE_URL` / `DATA_DIR`. A
   * bare `Database` is closed with `destroy()` when the group stops; `{ db, close }` (tests
   * dropping their schema) with `close()`.
   */
  openDatabase?: (owner: string, migrations: Migration[]) => Promise<Database | OpenedDatabase>;
  /** The server's department API as `caller`; default HTTP to `SERVER_URL` with its token. */
  applicationSource?: (caller: DepartmentCaller) => ApplicationSource;
  /** Reference data, read again when the calendar lacks a year; default the shipped files. */
  referenceData?: () => ReferenceData;
  /** Where results notifications go; default the log (masked). */
  notificationSender?: NotificationSender;
  clock?: () => Date;
  /** Pause between looks for decisions made after review, in ms (default 5 s). */
  decisionRelayIntervalMs?: number;
  /** Pause between outbox rounds, in ms (default 30 s). */
  outboxIntervalMs?: number;
}

/** A group's database and how to let it go when the group stops. */
export interface OpenedDatabase {
  db: Database;
  close(): Promise<void>;
}

/** Started workers; `stop()` finishes the jobs in hand, then closes what they opened. */
export interface RunningWorkers {
  groups: WorkerGroup[];
  taskTypes: string[];
  /** The reference systems' desks by department, for review and tests. */
  desks: Partial<Record<Department, ReferenceDesk>>;
  stop(): Promise<void>;
}

/** Starts the workers of each group in `groups` (every group by default) in this process. */
export async function startWorkers(
  environment: WorkerEnvironment,
  groups: readonly WorkerGroup[] = workerGroups,
): Promise<RunningWorkers> {
  const started: RunningWorkers[] = [];
  try {
    for (const group of groups) started.push(await startWorkerGroup(group, environment));
  } catch (error) {
    await Promise.allSettled(started.map((running) => running.stop()));
    throw error;
  }
  return {
    groups: started.flatMap((running) => running.groups),
    taskTypes: started.flatMap((running) => running.taskTypes),
    desks: Object.assign({}, ...started.map((running) => running.desks)),
    stop: async () => {
      await Promise.all(started.map((running) => running.stop()));
    },
  };
}

/** Starts one group's workers, with its database, decision relay or outbox dispatcher. */
export async function startWorkerGroup(
  group: WorkerGroup,
  environment: WorkerEnvironment,
): Promise<RunningWorkers> {
  const logger = environment.logger.child({ component: 'workers', group });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };

  try {
    const { definitions, feed, desk } = await groupParts(group, environment, logger, stops);
    if (feed) {
      const relay = startDecisionRelay(
        feed,
        zeebeResultPublisher(environment.zeebe, environment.config.DEPARTMENT_RESULT_TTL_MS),
        { logger, intervalMs: environment.decisionRelayIntervalMs ?? 5_000 },
      );
      stops.push(() => relay.stop());
    }

    const jobWorkers = definitions.map((definition) =>
      startJobWorker(environment.zeebe, definition, {
        logger,
        retryBackOffMs: environment.config.WORKER_RETRY_BACKOFF_MS,
        timeoutMs: environment.config.WORKER_JOB_TIMEOUT_MS,
      }),
    );
    stops.push(async () => {
      await Promise.all(jobWorkers.map((worker) => worker.stop()));
    });
    logger.info({ taskTypes: definitions.map((d) => d.taskType) }, 'workers started');

    return {
      groups: [group],
      taskTypes: definitions.map((definition) => definition.taskType),
      desks: desk && group !== 'province' ? { [group]: desk } : {},
      stop: async () => {
        await stopAll();
        logger.info('workers stopped');
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Opens a reference department's records and its desk alone (no workers), to list and
 * decide its review queue; `close()` releases the database.
 */
export async function openReviewDesk(
  department: Department,
  environment: Pick<WorkerEnvironment, 'config' | 'openDatabase' | 'referenceData' | 'clock'>,
): Promise<{ desk: ReferenceDesk; close(): Promise<void> }> {
  const kit = departmentKits[department];
  const { db, close } = await open(department, kit.migrations, environment);
  const options = {
    reference: (environment.referenceData ?? loadReferenceData)(),
    review: true,
    clock: environment.clock,
  };
  return { desk: kit.desk(db, options), close };
}

// helpers ------------------------------------------------------------------

interface GroupParts {
  definitions: JobWorkerDefinition[];
  feed?: DecisionFeed;
  desk?: ReferenceDesk;
}

async function groupParts(
  group: WorkerGroup,
  environment: WorkerEnvironment,
  logger: Logger,
  stops: (() => Promise<void>)[],
): Promise<GroupParts> {
  const source = applicationSourceOf(group, environment);
  if (group === 'province') return provinceParts(environment, source, logger, stops);

  const dependencies: SubmitDependencies = {
    source,
    publisher: zeebeResultPublisher(environment.zeebe, environment.config.DEPARTMENT_RESULT_TTL_MS),
  };
  const kit = departmentKits[group];
  if (environment.config.DEPARTMENT_SYSTEMS[group] === 'http') {
    const system = httpSystemOf(group, environment.config);
    return { definitions: kit.http(system, dependencies), feed: system };
  }

  const { db, close } = await open(group, kit.migrations, environment);
  stops.push(close);
  const options: ReferenceSystemOptions = {
    reference: (environment.referenceData ?? loadReferenceData)(),
    review: environment.config.DEPARTMENT_REVIEW.includes(group),
    clock: environment.clock,
  };
  return kit.reference(db, options, dependencies);
}

async function provinceParts(
  environment: WorkerEnvironment,
  source: ApplicationSource,
  logger: Logger,
  stops: (() => Promise<void>)[],
): Promise<GroupParts> {
  const { db, close } = await open('province', notificationMigrations, environment);
  stops.push(close);
  const outbox = new NotificationOutbox(db, {
    sender: environment.notificationSender ?? logNotificationSender(logger),
    logger,
    clock: environment.clock,
  });
  const dispatching = outbox.startDispatching(environment.outboxIntervalMs ?? 30_000);
  stops.push(() => dispatching.stop());

  const loadData = environment.referenceData ?? loadReferenceData;
  return {
    definitions: [
      deadlineWorker({
        loadCalendar: () => new WorkingDayCalendar(loadData().workingDays),
        now: environment.clock,
      }),
      escalationWorker(source, environment.clock),
      outcomeWorker(source),
      notificationWorker(source, outbox),
    ],
  };
}

/** How each department's workers are put together over either implementation of its system. */
interface DepartmentKit {
  migrations: Migration[];
  reference(db: Database, options: ReferenceSystemOptions, deps: SubmitDependencies): GroupParts;
  /** The reference system alone, for its review queue. */
  desk(db: Database, options: ReferenceSystemOptions): ReferenceDesk;
  http(system: HttpDepartmentSystem, deps: SubmitDependencies): JobWorkerDefinition[];
}

const departmentKits: Record<Department, DepartmentKit> = {
  hrss: {
    migrations: hrssMigrations,
    reference: (db, options, deps) =>
      referenceParts(new ReferenceHrssSystem(db, options), hrssWorkers, deps),
    desk: (db, options) => new ReferenceHrssSystem(db, options).desk,
    http: hrssWorkers,
  },
  medical: {
    migrations: medicalMigrations,
    reference: (db, options, deps) =>
      referenceParts(new ReferenceMedicalSystem(db, options), medicalWorkers, deps),
    desk: (db, options) => new ReferenceMedicalSystem(db, options).desk,
    http: medicalWorkers,
  },
  tax: taxKit('tax'),
  'tax-qingdao': taxKit('tax-qingdao'),
  'housing-fund': {
    migrations: housingFundMigrations,
    reference: (db, options, deps) =>
      referenceParts(new ReferenceHousingFundSystem(db, options), housingFundWorkers, deps),
    desk: (db, options) => new ReferenceHousingFundSystem(db, options).desk,
    http: housingFundWorkers,
  },
};

/** Qingdao's bureau is the same code as the province's, on its own records and job type. */
function taxKit(bureau: 'tax' | 'tax-qingdao'): DepartmentKit {
  const workers = (system: TaxSystem, deps: SubmitDependencies) => taxWorkers(bureau, system, deps);
  return {
    migrations: taxMigrations,
    reference: (db, options, deps) =>
      referenceParts(new ReferenceTaxSystem(db, { ...options, department: bureau }), workers, deps),
    desk: (db, options) => new ReferenceTaxSystem(db, { ...options, department: bureau }).desk,
    http: workers,
  };
}

function referenceParts<System extends DecisionFeed & { desk: ReferenceDesk }>(
  system: System,
  workers: (system: System, deps: SubmitDependencies) => JobWorkerDefinition[],
  deps: SubmitDependencies,
): GroupParts {
  return { definitions: workers(system, deps), feed: system, desk: system.desk };
}

function httpSystemOf(group: Department, config: Config): HttpDepartmentSystem {
  const baseUrl = config.DEPARTMENT_API_URLS[group];
  const token = config.DEPARTMENT_API_TOKENS[group];
  const problems = [
    ...(baseUrl ? [] : [`DEPARTMENT_API_URLS has no URL for ${group}, whose system is http`]),
    ...(token ? [] : [`DEPARTMENT_API_TOKENS has no token for ${group}, whose system is http`]),
  ];
  if (!baseUrl || !token) throw new ConfigError(problems);
  return new HttpDepartmentSystem({ baseUrl, token, timeoutMs: config.WORKER_HTTP_TIMEOUT_MS });
}

function applicationSourceOf(group: WorkerGroup, environment: WorkerEnvironment) {
  if (environment.applicationSource) return environment.applicationSource(group);
  const token = environment.config.DEPARTMENT_TOKENS[group];
  if (!token) throw new ConfigError([`DEPARTMENT_TOKENS has no token for ${group}`]);
  return new HttpApplicationSource({
    serverUrl: environment.config.SERVER_URL,
    token,
    timeoutMs: environment.config.WORKER_HTTP_TIMEOUT_MS,
  });
}

async function open(
  group: WorkerGroup,
  migrations: Migration[],
  environment: Pick<WorkerEnvironment, 'config' | 'openDatabase'>,
): Promise<OpenedDatabase> {
  const owner = groupDatabaseOwners[group];
  if (environment.openDatabase) {
    const opened = await environment.openDatabase(owner, migrations);
    if ('close' in opened && 'db' in opened) return opened;
    return { db: opened, close: () => opened.destroy() };
  }
  const db = await openDatabase({
    owner,
    url: environment.config.DATABASE_URL,
    dataDir: environment.config.DATA_DIR,
    migrations,
    poolSize: 4,
  });
  return { db, close: () => db.destroy() };
}
