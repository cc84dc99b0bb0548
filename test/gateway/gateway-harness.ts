/**
 * Where the gateway suites run: the embedded engine behind its gateway on a random free
 * port, on a fresh test database (PGlite, and PostgreSQL when `DATABASE_URL` is set); or,
 * when `ZEEBE_GRPC_ADDRESS` is set, a real Zeebe there and nothing started here.
 *
 * Suites talk to either only through `@camunda8/sdk`. The one thing the gateway protocol
 * cannot do is find an incident's key (Zeebe users read it from Operate or the REST API);
 * `incidentOf` does that from the engine's records, or from Zeebe's REST search.
 */
import { Camunda8 } from '@camunda8/sdk';
import type { EngineApi } from '../../engine/api.ts';
import { startGateway, type Gateway, type GatewayOptions } from '../../engine/gateway/index.ts';
import { engineMigrations, openEngine } from '../../engine/index.ts';
import { createLogger } from '../../platform/logger.ts';
import {
  createZeebeClient,
  type ZeebeClient,
  type ZeebeClientConfig,
} from '../../platform/zeebe-client.ts';
import { databaseTargets, openTestDatabase, type DatabaseTarget } from '../support/databases.ts';

export interface GatewayTarget {
  name: string;
  /** True for the embedded engine started here, false for a real Zeebe. */
  embedded: boolean;
  /** Set: a Zeebe gateway already running there. */
  zeebeAddress?: string;
  database?: DatabaseTarget;
}

export const gatewayTargets: GatewayTarget[] = process.env.ZEEBE_GRPC_ADDRESS
  ? [{ name: 'zeebe', embedded: false, zeebeAddress: process.env.ZEEBE_GRPC_ADDRESS }]
  : databaseTargets.map((database) => ({
      name: `embedded/${database.name}`,
      embedded: true,
      database,
    }));

export interface GatewayUnderTest {
  /** True for the embedded engine, false for a real Zeebe. */
  readonly embedded: boolean;
  /** `host:port` of the gateway, for raw gRPC clients that send what the SDK would not. */
  address(): string;
  /** A quiet SDK client; `stop()` closes it. `sdk` adds SDK settings (e.g. no retries). */
  client(sdk?: ZeebeClientConfig): ZeebeClient;
  /** Waits for the open incident of a process instance and returns its key. */
  incidentOf(processInstanceKey: string): Promise<string>;
  /** Stops the gateway and starts a new one on the same port and engine (embedded only). */
  restartGateway(): Promise<void>;
  /** Another gateway in front of the same engine, e.g. with a tighter limit (embedded only). */
  startGateway(
    options: Partial<GatewayOptions>,
  ): Promise<{ client(sdk?: ZeebeClientConfig): ZeebeClient }>;
  /** Closes clients, gateways, the engine and the test database. */
  stop(): Promise<void>;
}

const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });

/** Starts (or connects to) the target for one suite. */
export async function openGatewayUnderTest(target: GatewayTarget): Promise<GatewayUnderTest> {
  if (target.zeebeAddress) return zeebeCluster(target.zeebeAddress);
  return embeddedEngine(target.database ?? { name: 'pglite' });
}

/** Deploys one BPMN model and returns its process (id, version, key). */
export async function deployProcess(zeebe: ZeebeClient, processId: string, xml: string) {
  const name = `${processId}.bpmn`;
  const deployment = await zeebe.deployResource({ process: Buffer.from(xml), name });
  const process = deployment.deployments[0]?.process;
  if (!process) throw new Error(`no process deployed from <${name}>`);
  return process;
}

/**
 * Retries `probe` until it returns a value other than `undefined`; for states the test
 * waits for (an incident, a job), never for speed. Fails after `timeoutMs`.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// helpers ////////////////////

async function embeddedEngine(database: DatabaseTarget): Promise<GatewayUnderTest> {
  const testDb = await openTestDatabase(database, engineMigrations);
  const engine = await openEngine({ db: testDb.db, logger });
  let gateway = await startGateway({ engine, logger, port: 0 });
  const port = gateway.port;
  const gateways: Gateway[] = [];
  const clients = clientPool(() => gateway.address);

  return {
    embedded: true,
    address: () => gateway.address,
    client: clients.create,
    incidentOf: (processInstanceKey) =>
      eventually(
        () => openIncident(engine, processInstanceKey),
        `an incident of <${processInstanceKey}>`,
      ),
    restartGateway: async () => {
      await gateway.stop();
      gateway = await startGateway({ engine, logger, port });
    },
    startGateway: async (options) => {
      const another = await startGateway({ engine, logger, port: 0, ...options });
      gateways.push(another);
      return { client: (sdk?: ZeebeClientConfig) => clients.createFor(another.address, sdk) };
    },
    stop: async () => {
      await clients.closeAll();
      for (const another of gateways) await another.stop();
      await gateway.stop();
      await engine.close();
      await testDb.drop();
    },
  };
}

function zeebeCluster(address: string): GatewayUnderTest {
  const clients = clientPool(() => address);
  const rest = new Camunda8().getCamundaRestClient();

  return {
    embedded: false,
    address: () => address,
    client: clients.create,
    incidentOf: (processInstanceKey) =>
      eventually(async () => {
        const found = await rest.searchIncidents({
          filter: { processInstanceKey, state: 'ACTIVE' },
        });
        return found.items[0]?.incidentKey;
      }, `an incident of <${processInstanceKey}>`),
    restartGateway: async () => {
      throw new Error('a Zeebe cluster is not restarted by the tests');
    },
    startGateway: async () => {
      throw new Error('a Zeebe cluster gets no extra gateway from the tests');
    },
    stop: () => clients.closeAll(),
  };
}

function clientPool(address: () => string) {
  const clients: ZeebeClient[] = [];
  const createFor = (at: string, sdk?: ZeebeClientConfig) => {
    const client = createZeebeClient({ ZEEBE_GRPC_ADDRESS: at }, { logLevel: 'NONE', sdk });
    clients.push(client);
    return client;
  };

  return {
    createFor,
    create: (sdk?: ZeebeClientConfig) => createFor(address(), sdk),
    closeAll: async () => {
      await Promise.all(clients.splice(0).map((client) => client.close(2_000)));
    },
  };
}

async function openIncident(engine: EngineApi, processInstanceKey: string) {
  const records = await engine.records({ processInstanceKey, valueType: 'INCIDENT' });
  const resolved = new Set(records.filter((r) => r.intent === 'RESOLVED').map((r) => r.key));
  return records.find((r) => r.intent === 'CREATED' && !resolved.has(r.key))?.key;
}
