/**
 * How long parsing a deployment takes: the 10-service-task model of the engine benchmark and
 * the provincial model, parsed repeatedly after a warm-up. Prints figures; asserts nothing.
 *
 *   npx tsx bench/parse-deployment.ts
 */

import { readFileSync } from 'node:fs';
import { parseBpmn } from '../engine/model/parse-deployment.ts';
import { bpmnProcess, type ProcessBuilder } from '../test/engine/support/bpmn-builder.ts';

const tenTasks = bpmnProcess('ten-tasks', (p) => {
  let chain: ProcessBuilder = p.start('Start');
  for (let i = 1; i <= 10; i++) {
    chain = chain.serviceTask(`Task_${i}`, { type: `bench-${i}`, outputs: { [`r${i}`]: '=ok' } });
  }
  chain.end('End');
});

const provincial = readFileSync(
  new URL('../bpmn/flexible-employment-insurance.bpmn', import.meta.url),
  'utf8',
);

async function measure(name: string, xml: string, runs: number): Promise<void> {
  const first = performance.now();
  await parseBpmn(xml, `${name}.bpmn`);
  const firstMs = performance.now() - first;

  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await parseBpmn(xml, `${name}.bpmn`);
    times.push(performance.now() - start);
  }

  times.sort((a, b) => a - b);
  const at = (q: number) => (times[Math.floor(q * (times.length - 1))] ?? 0).toFixed(2);
  console.log(
    `${name}: ${xml.length} chars, first ${firstMs.toFixed(1)} ms, ` +
      `then p50 ${at(0.5)} ms, p99 ${at(0.99)} ms over ${runs} runs`,
  );
}

await measure('ten-service-tasks', tenTasks, 200);
await measure('flexible-employment-insurance', provincial, 50);
