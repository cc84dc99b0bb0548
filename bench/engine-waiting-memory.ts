/**
 * Memory of instances waiting on a timer: RSS and heap with 1,000 / 10,000 / 100,000
 * instances parked at a 30-day timer, the cost per instance at each level, and the
 * latency of starting one more instance (which should not grow with the number waiting).
 *
 *   npx tsx bench/engine-waiting-memory.ts [levels…]
 *
 * Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) in a fresh schema it
 * drops afterwards.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { engineMigrations, openEngine, type OpenedEngine } from '../engine/index.ts';
import { openDatabase } from '../platform/database.ts';

const levels = process.argv.slice(2).map(Number).filter(Boolean);
const LEVELS = levels.length > 0 ? levels : [1_000, 10_000, 100_000];
const IN_FLIGHT = 500;
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const model = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
<bpmn:process id="waiting" isExecutable="true">
<bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
<bpmn:intermediateCatchEvent id="wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
<bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition>
</bpmn:intermediateCatchEvent>
<bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
<bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
</bpmn:process>
</bpmn:definitions>`;

function memory(): { rss: number; heap: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss / 2 ** 20, heap: usage.heapUsed / 2 ** 20 };
}

async function startInstances(engine: OpenedEngine, count: number): Promise<void> {
  let next = 0;
  const one = async () => {
    while (next < count) {
      next += 1;
      await engine.createProcessInstance({
        bpmnProcessId: 'waiting',
        variables: { applicationId: `W-${next}`, city: '370100' },
      });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, one));
}

async function startLatency(engine: OpenedEngine): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < 50; index += 1) {
    await engine.createProcessInstance({ bpmnProcessId: 'waiting' });
  }
  return (performance.now() - started) / 50;
}

async function main(): Promise<void> {
  const owner = `bench_wait_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
  const db = await openDatabase({ owner, url, migrations: engineMigrations, poolSize: 4 });
  const engine = await openEngine({ db });
  try {
    await engine.deploy({ resources: [{ name: 'waiting.bpmn', content: model }] });
    await startInstances(engine, 100);
    const baseline = memory();
    console.log(
      `instances waiting on a timer (PostgreSQL), baseline RSS ${baseline.rss.toFixed(0)} MB`,
    );
    console.log('  waiting    RSS MB   heap MB   RSS/instance   heap/instance   start latency');

    let waiting = 100;
    for (const level of LEVELS) {
      const started = performance.now();
      const count = level - waiting;
      await startInstances(engine, count);
      const rate = count / ((performance.now() - started) / 1000);
      waiting = level;
      const latency = await startLatency(engine);
      waiting += 50;
      const now = memory();
      const rssPer = ((now.rss - baseline.rss) * 2 ** 20) / waiting;
      const heapPer = ((now.heap - baseline.heap) * 2 ** 20) / waiting;
      console.log(
        `  ${String(level).padStart(7)}  ${now.rss.toFixed(0).padStart(7)}  ${now.heap
          .toFixed(0)
          .padStart(
            8,
          )}  ${rssPer.toFixed(0).padStart(10)} B  ${heapPer.toFixed(0).padStart(11)} B` +
          `   ${latency.toFixed(2)} ms  (started ${rate.toFixed(0)}/s)`,
      );
    }
  } finally {
    await engine.close();
    await db.raw(`drop schema if exists "${owner}" cascade`);
    await db.destroy();
  }
}

await main();
