/**
 * Gateway benchmark: the 10-service-task model end to end through `@camunda8/sdk` and the
 * embedded engine's gateway, with the workers in a separate process, on PostgreSQL; then
 * the same model on `bpmn-engine` with its state saved to the same PostgreSQL at every
 * wait state. Prints instances/s, jobs/s and p50/p99 instance duration at the maximum rate
 * (a closed loop) and at half of it (an open loop), and the ratio between the engines.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:gateway
 *
 * Settings: BENCH_SECONDS (per phase, default 20), BENCH_CONCURRENCY (instances in flight
 * at the maximum, default 128), BENCH_WORKERS (`stream` default, or `poll`).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startGateway } from '../engine/gateway/index.ts';
import { engineMigrations, openEngine } from '../engine/index.ts';
import { openDatabase, type Database } from '../platform/database.ts';
import { createLogger } from '../platform/logger.ts';
import { createZeebeClient } from '../platform/zeebe-client.ts';
import { bpmnEngineRunner, createStateTable } from './gateway-bpmn-engine.ts';
import { closedLoop, openLoop, percentile, rate, type LoadResult } from './gateway-load.ts';
import { serviceTaskChain } from './gateway-models.ts';

const TASKS = 10;
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 128);
const workers = process.env.BENCH_WORKERS === 'poll' ? 'poll' : 'stream';
const warmUpSeconds = 3;

interface Phase {
  name: string;
  result: LoadResult;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/test',
    );
    process.exitCode = 1;
    return;
  }

  console.log(
    `gateway benchmark: ${TASKS} service tasks per instance, ${seconds} s per phase, ` +
      `${concurrency} instances in flight at the maximum, ${workers} workers in a separate process`,
  );
  const embedded = await benchEmbeddedEngine(url);
  const peer = await benchBpmnEngine(url);
  report([...embedded, ...peer]);
}

async function benchEmbeddedEngine(url: string): Promise<Phase[]> {
  const owner = `bench_gateway_${suffix()}`;
  const db = await openDatabase({ owner, url, migrations: engineMigrations, poolSize: 20 });
  const logger = createLogger({ level: 'warn' });
  const engine = await openEngine({ db, logger });
  const gateway = await startGateway({ engine, logger, port: 0 });
  const zeebe = createZeebeClient({ ZEEBE_GRPC_ADDRESS: gateway.address }, { logLevel: 'NONE' });

  try {
    const processId = `bench-${suffix()}`;
    const jobType = (task: number) => `${processId}-task-${task}`;
    const xml = serviceTaskChain(processId, TASKS, { engine: 'zeebe', jobType });
    await zeebe.deployResource({ process: Buffer.from(xml), name: `${processId}.bpmn` });
    const stopWorkers = await startWorkers(
      gateway.address,
      Array.from({ length: TASKS }, (_, i) => jobType(i + 1)),
    );

    const runInstance = async () => {
      await zeebe.createProcessInstanceWithResult({
        bpmnProcessId: processId,
        variables: {},
        requestTimeout: 60_000,
      });
    };
    const phases = await measure('embedded engine + gateway', runInstance);
    await stopWorkers();
    return phases;
  } finally {
    await zeebe.close(2_000);
    await gateway.stop();
    await engine.close();
    await dropSchema(db, owner);
  }
}

async function benchBpmnEngine(url: string): Promise<Phase[]> {
  const owner = `bench_bpmn_engine_${suffix()}`;
  const migrations = [{ name: '001-state', up: createStateTable }];
  const db = await openDatabase({ owner, url, migrations, poolSize: 20 });

  try {
    const source = serviceTaskChain('bench-bpmn-engine', TASKS, { engine: 'bpmn-engine' });
    const runInstance = await bpmnEngineRunner(db, source);
    return await measure('bpmn-engine + state in PostgreSQL', runInstance);
  } finally {
    await dropSchema(db, owner);
  }
}

/** Warm-up, the maximum (closed loop), then half of it (open loop). */
async function measure(name: string, runInstance: () => Promise<void>): Promise<Phase[]> {
  await closedLoop(runInstance, concurrency, warmUpSeconds);
  const max = await closedLoop(runInstance, concurrency, seconds);
  const half = await openLoop(runInstance, rate(max) / 2, seconds);
  return [
    { name: `${name}, maximum`, result: max },
    { name: `${name}, half load`, result: half },
  ];
}

function startWorkers(address: string, jobTypes: string[]): Promise<() => Promise<void>> {
  const script = fileURLToPath(new URL('./gateway-workers.ts', import.meta.url));
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      ZEEBE_GRPC_ADDRESS: address,
      BENCH_JOB_TYPES: jobTypes.join(','),
      BENCH_WORKERS: workers,
    },
  });

  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send({ stop: true });
      setTimeout(() => child.kill(), 5_000).unref();
    });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(stop));
    child.once('exit', (code) =>
      reject(new Error(`the worker process exited with ${code} before it was ready`)),
    );
  });
}

function report(phases: Phase[]): void {
  const rows = phases.map(({ name, result }) => ({
    phase: name,
    'instances/s': rate(result).toFixed(1),
    'jobs/s': (rate(result) * TASKS).toFixed(0),
    'p50 ms': percentile(result.durationsMs, 50).toFixed(0),
    'p99 ms': percentile(result.durationsMs, 99).toFixed(0),
    instances: result.instances,
    failures: result.failures,
  }));
  console.table(rows);

  const [gatewayMax, gatewayHalf, peerMax] = phases.map((phase) => phase.result);
  if (!gatewayMax || !gatewayHalf || !peerMax) return;
  const jobsPerSecond = rate(gatewayMax) * TASKS;
  const ratio = rate(gatewayMax) / rate(peerMax);
  const p99Half = percentile(gatewayHalf.durationsMs, 99);
  console.log(
    `ratio, embedded engine to bpmn-engine (instances/s at the maximum): ${ratio.toFixed(2)}×`,
  );
  console.log(
    `target ≥ 500 jobs/s through gRPC: ${jobsPerSecond.toFixed(0)} → ${verdict(jobsPerSecond >= 500)}`,
  );
  console.log(`target ≥ 3× bpmn-engine: ${ratio.toFixed(2)}× → ${verdict(ratio >= 3)}`);
  console.log(
    `target p99 < 1 s at half load: ${p99Half.toFixed(0)} ms → ${verdict(p99Half < 1000)}`,
  );
}

async function dropSchema(db: Database, owner: string): Promise<void> {
  await db.raw(`drop schema if exists "${owner}" cascade`);
  await db.destroy();
}

function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

function suffix(): string {
  return randomUUID().replaceAll('-', '').slice(0, 8);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
