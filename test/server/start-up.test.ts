import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { startService } from '../../server/service.ts';

/** `npm start` when its HTTP port is taken: it stops everything it started and fails. */
describe('start-up on a taken HTTP port', () => {
  let blocker: NetServer;
  let dataDir: string;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    dataDir = await mkdtemp(join(tmpdir(), 'start-up-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('rejects with EADDRINUSE after stopping the server and its starter before their database', async () => {
    // Given a port another process listens on
    const port = (blocker.address() as AddressInfo).port;
    const lines: { msg: string; component?: string }[] = [];
    const logger = createLogger(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()));
          done();
        },
      }),
    );

    // When the service starts on it
    const started = startService({
      config: {
        ...loadConfig({}),
        DATA_DIR: dataDir,
        DATABASE_URL: undefined,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: port,
        ENGINE_GRPC_PORT: 0,
        ENGINE_HTTP_PORT: 0,
      },
      logger,
      zeebeLogLevel: 'NONE',
      starter: { pollIntervalMs: 10 },
    });

    // Then it fails with the port's error, having stopped the server (and with it the
    // background starter) before the applications database, and nothing sweeps afterwards
    await expect(started).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const stopped = lines.filter((line) => line.msg === 'component stopped');
    const names = stopped.map((line) => line.component);
    expect(names).toEqual(expect.arrayContaining(['server', 'applications database', 'engine']));
    expect(names.indexOf('server')).toBeLessThan(names.indexOf('applications database'));
    const afterStop = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines.slice(afterStop).filter((line) => line.msg.includes('sweep'))).toEqual([]);
    expect(lines.filter((line) => line.msg.includes('sweep failed'))).toEqual([]);
  });
});
