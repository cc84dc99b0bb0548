/**
 * `npm start`: runs the whole service on one machine with the embedded defaults: the
 * engine and its Zeebe gateway, the models in `bpmn/`, the server and every worker.
 * Ctrl-C stops them in reverse order.
 */
import { ConfigError, loadConfig } from './platform/config.ts';
import { stopOnSignal, type Component } from './platform/lifecycle.ts';
import { createLogger } from './platform/logger.ts';
import { startService } from './server/service.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });

  let service;
  try {
    service = await startService({ config, logger });
  } catch (error) {
    // startService has stopped what it started; the SDK's timers must not hold the exit.
    logger.error({ err: error }, 'start-up failed');
    console.error(`启动失败：${startUpProblem(error)}`);
    process.exit(1);
  }

  // Stopped last: the SDK leaves its long polls' timers (up to 51 s) running after close.
  const exit: Component = {
    name: 'process',
    stop: async () => {
      setTimeout(() => process.exit(), 2_000).unref();
    },
  };
  stopOnSignal([exit, ...service.components], logger);
  logger.info(
    { database: config.DATABASE_URL ? 'postgresql' : 'pglite', ...service.urls },
    'started',
  );
  process.stdout.write(
    [
      '',
      '山东省灵活就业参保“一件事”联办服务已启动',
      `  一窗受理页面   ${service.urls.counter}`,
      `  接口说明       ${service.urls.openapi}`,
      `  Zeebe 网关     ${service.urls.gateway}`,
      `  引擎记录接口   ${service.urls.records}/v1/records`,
      '  按 Ctrl-C 停止',
      '',
    ].join('\n'),
  );
}

/** What went wrong at start-up, in a sentence an operator can act on. */
function startUpProblem(error: unknown): string {
  const { code, address, port } = error as { code?: string; address?: string; port?: number };
  if (code === 'EADDRINUSE') {
    return `端口 ${address ?? ''}:${port ?? ''} 已被占用，请停止占用它的进程或改用其他端口（HTTP_PORT、ENGINE_GRPC_PORT、ENGINE_HTTP_PORT）`;
  }
  return error instanceof Error ? error.message : String(error);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
