/**
 * The workers of the gateway benchmark, run as a separate process by
 * `gateway-throughput.ts`: one SDK worker per job type, completing each job at once.
 *
 * Environment: `ZEEBE_GRPC_ADDRESS`, `BENCH_JOB_TYPES` (comma-separated), `BENCH_WORKERS`
 * (`stream`: StreamActivatedJobs, the default; `poll`: long-polling createWorker). Sends
 * `ready` to the parent once every worker is open, and stops on `stop`.
 */
import { createZeebeClient } from '../platform/zeebe-client.ts';

const jobTypes = (process.env.BENCH_JOB_TYPES ?? '').split(',').filter(Boolean);
const mode = process.env.BENCH_WORKERS === 'poll' ? 'poll' : 'stream';
const zeebe = createZeebeClient(
  { ZEEBE_GRPC_ADDRESS: process.env.ZEEBE_GRPC_ADDRESS ?? 'localhost:26500' },
  { logLevel: 'NONE' },
);

for (const type of jobTypes) {
  if (mode === 'stream') {
    await zeebe.streamJobs({
      type,
      worker: `bench-${type}`,
      timeout: 60_000,
      tenantIds: ['<default>'],
      taskHandler: (job) => job.complete(),
    });
  } else {
    zeebe.createWorker({
      taskType: type,
      maxJobsToActivate: 64,
      pollInterval: 1,
      timeout: 60_000,
      taskHandler: (job) => job.complete(),
    });
  }
}

process.send?.({ ready: true, mode, jobTypes: jobTypes.length });
process.on('message', (message: { stop?: boolean }) => {
  if (message.stop) void zeebe.close(2_000).then(() => process.exit(0));
});
