/**
 * Engine throughput: instances of a 10-service-task model completed through the engine API
 * by an in-process worker loop, on PostgreSQL. Prints flow-node instances/s, jobs/s and
 * the p50/p99 instance duration.
 *
 *   npx tsx bench/engine-throughput.ts [instances] [in-flight]
 *
 * Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) in a fresh schema it
 * drops afterwards.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { engineMigrations, openEngine, type OpenedEngine } from '../engine/index.ts';
import { openDatabase } from '../platform/database.ts';

const TASKS = 10;
const INSTANCES = Number(process.argv[2] ?? 3000);
const IN_FLIGHT = Number(process.argv[3] ?? 300);
const JOB_TYPE = 'bench-step';
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function model(): string {
  const tasks = Array.from({ length: TASKS }, (_, index) => `task_${index + 1}`);
  const ids = ['start', ...tasks, 'end'];
  const flows = ids.slice(1).map((to, index) => ({ id: `f_${index}`, from: ids[index]!, to }));
  const refs = (id: string) =>
    flows
      .filter((flow) => flow.to === id)
      .map((flow) => `<bpmn:incoming>${flow.id}</bpmn:incoming>`)
      .join('') +
    flows
      .filter((flow) => flow.from === id)
      .map((flow) => `<bpmn:outgoing>${flow.id}</bpmn:outgoing>`)
      .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
<bpmn:process id="bench" isExecutable="true">
<bpmn:startEvent id="start">${refs('start')}</bpmn:startEvent>
${tasks
  .map(
    (id) =>
      `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${JOB_TYPE}"/></bpmn:extensionElements>${refs(id)}</bpmn:serviceTask>`,
  )
  .join('\n')}
<bpmn:endEvent id="end">${refs('end')}</bpmn:endEvent>
${flows.map((flow) => `<bpmn:sequenceFlow id="${flow.id}" sourceRef="${flow.from}" targetRef="${flow.to}"/>`).join('\n')}
</bpmn:process>
</bpmn:definitions>`;
}

/** Activates and completes jobs until stopped, like a job worker with a long poll. */
async function workerLoop(engine: OpenedEngine, stopped: () => boolean): Promise<number> {
  let completed = 0;
  let wake: (() => void) | undefined;
  const unsubscribe = engine.onJobsAvailable(() => wake?.());
  while (!stopped()) {
    const jobs = await engine.activateJobs({
      type: JOB_TYPE,
      worker: 'bench',
      timeoutMs: 60_000,
      maxJobsToActivate: 128,
    });
    if (jobs.length === 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 20);
      });
      continue;
    }
    await Promise.all(
      jobs.map((job) => engine.completeJob(job.key, { [`${job.elementId}_done`]: true })),
    );
    completed += jobs.length;
  }
  unsubscribe();
  return completed;
}

async function main(): Promise<void> {
  const owner = `bench_engine_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  const db = await openDatabase({ owner, url, migrations: engineMigrations, poolSize: 4 });
  const engine = await openEngine({ db });
  try {
    await engine.deploy({ resources: [{ name: 'bench.bpmn', content: model() }] });

    // Warm-up: a few instances through the whole path.
    let done = false;
    const warmWorkers = [workerLoop(engine, () => done), workerLoop(engine, () => done)];
    await Promise.all(
      Array.from({ length: 50 }, () =>
        engine.createProcessInstanceWithResult({ bpmnProcessId: 'bench' }, { timeoutMs: 600_000 }),
      ),
    );
    done = true;
    await Promise.all(warmWorkers);

    const durations: number[] = [];
    let finished = false;
    const workers = [workerLoop(engine, () => finished), workerLoop(engine, () => finished)];
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    const runOne = async (): Promise<void> => {
      while (next < INSTANCES) {
        next += 1;
        const begin = performance.now();
        await engine.createProcessInstanceWithResult(
          { bpmnProcessId: 'bench', variables: { applicationId: `A-${next}` } },
          { timeoutMs: 600_000 },
        );
        durations.push(performance.now() - begin);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, runOne));
    const seconds = (performance.now() - started) / 1000;
    finished = true;
    const jobs = (await Promise.all(workers)).reduce((sum, count) => sum + count, 0);
    const cpu = process.cpuUsage(cpuStart);

    durations.sort((a, b) => a - b);
    const quantile = (q: number) =>
      durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
    const flowNodes = INSTANCES * (TASKS + 2);
    console.log(`engine throughput on PostgreSQL, ${INSTANCES} instances, ${IN_FLIGHT} in flight`);
    console.log(
      `  model: start, ${TASKS} service tasks, end (${TASKS + 2} flow-node instances each)`,
    );
    console.log(`  elapsed              ${seconds.toFixed(2)} s`);
    console.log(`  instances/s          ${(INSTANCES / seconds).toFixed(0)}`);
    console.log(`  flow-node instances/s ${(flowNodes / seconds).toFixed(0)}`);
    console.log(`  jobs/s               ${(jobs / seconds).toFixed(0)}`);
    console.log(
      `  instance duration    p50 ${quantile(0.5).toFixed(0)} ms, p99 ${quantile(0.99).toFixed(0)} ms`,
    );
    console.log(
      `  node CPU             ${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)} % of one core`,
    );
  } finally {
    await engine.close();
    await db.raw(`drop schema if exists "${owner}" cascade`);
    await db.destroy();
  }
}

await main();
