/**
 * `npm run bench:service [server-url]`: what the whole service does on this machine with
 * `npm start`'s defaults (PGlite files, reference department systems answering at once,
 * default worker settings).
 *
 * 1. Latency: one application with all seven items, submitted alone, timed from the
 *    submission until its last item has an outcome (status polled every 20 ms); repeated.
 * 2. Throughput: `BENCH_APPLICATIONS` applications (default 200, all seven items) submitted
 *    by `BENCH_CONCURRENCY` clients (default 16); prints how fast they were accepted and
 *    how fast they were finished (every item decided), from the first submission.
 *
 * Without a URL the service runs in this process (the client shares the two cores);
 * with one it measures a running `npm start`. Prints figures, asserts nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemCodes } from '../bpmn/process-contract.ts';
import { loadConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { ServiceClient, settled } from '../server/client/service-client.ts';
import { sampleApplicationForm } from '../server/form/synthetic.ts';
import { cardPhoto } from '../server/materials/sample-images.ts';
import { loadReferenceData } from '../server/reference-data/reference-data.ts';
import { startService } from '../server/service.ts';

const applications = Number(process.env.BENCH_APPLICATIONS ?? 200);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const latencyRuns = Number(process.env.BENCH_LATENCY_RUNS ?? 5);
const referenceData = loadReferenceData();
const cities = ['370102', '370202', '370303', '370602', '370705', '371302'];
let seed = Math.floor(Math.random() * 1000) * 1000;

async function main(): Promise<void> {
  const config = loadConfig();
  const { url, stop } = await target(process.argv[2]);
  const online = new ServiceClient(url, Object.values(config.ONLINE_CHANNEL_TOKENS)[0]!);
  const manager = new ServiceClient(url, Object.values(config.MANAGER_TOKENS)[0]!);

  try {
    await submitAndSettle(online); // warm-up: first deployment use, JIT, connection pools
    const latencies: number[] = [];
    for (let run = 0; run < latencyRuns; run++) latencies.push(await submitAndSettle(online));
    report('submission → last outcome, one application, 7 items (ms)', latencies);

    await throughput(online, manager);
  } finally {
    await stop();
  }
}

async function submitAndSettle(client: ServiceClient): Promise<number> {
  const form = nextForm();
  const photo = await client.upload('photo', cardPhoto());
  const started = performance.now();
  const submission = await client.submit({ form, materials: { photo } });
  for (;;) {
    if (settledWithoutMailing(await client.status(submission.statusToken))) break;
    await sleep(20);
  }
  return performance.now() - started;
}

async function throughput(online: ServiceClient, manager: ServiceClient): Promise<void> {
  const before = await finishedCount(manager);
  const photos = await Promise.all(
    Array.from({ length: applications }, () => online.upload('photo', cardPhoto())),
  );

  const started = performance.now();
  let next = 0;
  const clients = Array.from({ length: concurrency }, async () => {
    while (next < applications) {
      const photo = photos[next++]!;
      await online.submit({ form: nextForm(), materials: { photo } });
    }
  });
  await Promise.all(clients);
  const accepted = performance.now() - started;

  let finished = 0;
  while (finished < applications) {
    await sleep(250);
    finished = (await finishedCount(manager)) - before;
    if (performance.now() - started > 30 * 60_000) break;
  }
  const total = performance.now() - started;

  process.stdout.write(
    [
      `throughput: ${applications} applications × 7 items, ${concurrency} concurrent clients`,
      `  accepted (201):  ${(applications / (accepted / 1000)).toFixed(1)} applications/s (${(accepted / 1000).toFixed(1)} s)`,
      `  finished:        ${(finished / (total / 1000)).toFixed(1)} applications/s (${finished} in ${(total / 1000).toFixed(1)} s)`,
      `                   ${((finished * 7) / (total / 1000)).toFixed(1)} item outcomes/s`,
      '',
    ].join('\n'),
  );
}

async function finishedCount(manager: ServiceClient): Promise<number> {
  const page = await manager.call<{ total: number }>(
    'GET',
    '/api/operations/applications?applicationState=finished&limit=1',
  );
  return page.total;
}

function nextForm() {
  seed++;
  return sampleApplicationForm(referenceData, {
    items: itemCodes,
    divisionCode: cities[seed % cities.length],
    seed,
  });
}

/** Every item decided; the card's mailing is a later step and not counted. */
function settledWithoutMailing(status: Awaited<ReturnType<ServiceClient['status']>>): boolean {
  return settled({
    ...status,
    items: status.items.map(({ mailing: _mailing, ...item }) => item),
  });
}

function report(label: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  process.stdout.write(
    `${label}: median ${median.toFixed(0)}, min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)} (n=${samples.length})\n`,
  );
}

async function target(url: string | undefined) {
  if (url) return { url, stop: async () => {} };
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-service-'));
  const config = loadConfig();
  const service = await startService({
    config: {
      ...config,
      DATA_DIR: dataDir,
      DATABASE_URL: undefined,
      HTTP_PORT: 0,
      ENGINE_GRPC_PORT: 0,
      ENGINE_HTTP_PORT: 0,
    },
    logger: createLogger({ level: 'error' }),
  });
  process.stdout.write(`service started in-process (${dataDir})\n`);
  return {
    url: service.urls.server,
    stop: async () => {
      await service.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // The SDK leaves its long polls' timers running for up to 51 s after the clients close.
  .finally(() => process.exit());
