/**
 * `npm run worker -- <group>` runs one department's workers (hrss, medical, tax,
 * tax-qingdao, housing-fund) or the province's (province), or every group (all), against
 * the engine `ZEEBE_GRPC_ADDRESS` names, until SIGINT or SIGTERM.
 *
 * `npm run worker -- review <department> list | approve <applicationId> <item> |
 * reject <applicationId> <item> <reason>` works a reference department's review queue; the
 * running workers deliver the decision. On PGlite run it while that department's workers are
 * stopped (one process per database folder); on PostgreSQL at any time.
 */
import type { Department, ItemCode } from '../bpmn/process-contract.ts';
import { itemCodes } from '../bpmn/process-contract.ts';
import { ConfigError, loadConfig, type Config } from '../platform/config.ts';
import { stopAll, stopOnSignal, type Component } from '../platform/lifecycle.ts';
import { createLogger } from '../platform/logger.ts';
import { createZeebeClient } from '../platform/zeebe-client.ts';
import { openReviewDesk, startWorkers, workerGroups, type WorkerGroup } from './worker-groups.ts';

const usage = `usage: npm run worker -- <${workerGroups.join('|')}|all>
       npm run worker -- review <department> list
       npm run worker -- review <department> approve <applicationId> <item>
       npm run worker -- review <department> reject <applicationId> <item> <reason>`;

async function main(args: string[]): Promise<void> {
  const config = loadConfig();
  if (args[0] === 'review') return review(config, args.slice(1));

  const groups = groupsOf(args[0]);
  const logger = createLogger({ level: config.LOG_LEVEL });
  const zeebe = createZeebeClient(config, { logLevel: 'ERROR' });
  const components: Component[] = [
    // Stopped last. The SDK leaves a closed worker's long poll open until the gateway ends
    // it (up to its request timeout); every job in hand is settled by now, so leave at once.
    { name: 'process', stop: async () => void setImmediate(() => process.exit()) },
    { name: 'zeebe client', stop: async () => void (await zeebe.close()) },
  ];

  try {
    const workers = await startWorkers({ config, logger, zeebe }, groups);
    components.push({ name: 'workers', stop: () => workers.stop() });
  } catch (error) {
    logger.error({ err: error }, 'workers failed to start');
    process.exitCode = (await stopAll(components, logger)) || 1;
    return;
  }
  stopOnSignal(components, logger);
}

function groupsOf(name: string | undefined): readonly WorkerGroup[] {
  if (name === 'all') return workerGroups;
  const group = workerGroups.find((candidate) => candidate === name);
  if (!group) throw new UsageError(name ? `unknown worker group <${name}>` : 'no worker group');
  return [group];
}

async function review(config: Config, args: string[]): Promise<void> {
  const [name, action, applicationId, item, ...reason] = args;
  const department = workerGroups.find((group) => group === name && group !== 'province');
  if (!department) throw new UsageError(`unknown department <${name ?? ''}>`);

  const { desk, close } = await openReviewDesk(department as Department, { config });
  try {
    if (action === 'list') {
      for (const pending of await desk.pendingReviews()) print(JSON.stringify(pending));
    } else if (action === 'approve' || action === 'reject') {
      const code = itemOf(item);
      if (!applicationId) throw new UsageError('no application id');
      const reviewer = process.env.USER ?? 'operator';
      const result =
        action === 'approve'
          ? await desk.approve(applicationId, code, reviewer)
          : await desk.reject(applicationId, code, reason.join(' '), reviewer);
      print(JSON.stringify(result));
    } else {
      throw new UsageError(`unknown review action <${action ?? ''}>`);
    }
  } finally {
    await close();
  }
}

function itemOf(value: string | undefined): ItemCode {
  const code = itemCodes.find((candidate) => candidate === value);
  if (!code) throw new UsageError(`unknown item <${value ?? ''}>; items: ${itemCodes.join(', ')}`);
  return code;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n${usage}`);
  else if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
});
