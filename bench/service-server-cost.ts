/**
 * `npx tsx bench/service-server-cost.ts`: the server's own share of one application, with
 * the engine stood in for: intake (upload, submit, start) and every call the workers make
 * for a seven-item application (seven item requests, seven outcomes, the whole application
 * for the notification, the card's mailing), through `inject()` on a PGlite file database.
 * Prints milliseconds per application and the applications/s the server alone could take.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { itemCodes, type StartVariables } from '../bpmn/process-contract.ts';
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/database.ts';
import { createLogger } from '../platform/logger.ts';
import { buildServer } from '../server/app.ts';
import { applicationStoreMigrations } from '../server/applications/migrations.ts';
import type { ProcessInstances } from '../server/applications/process-instances.ts';
import { departmentPath, itemDepartment } from '../server/department-api/contract.ts';
import { sampleApplicationForm } from '../server/form/synthetic.ts';
import { ReferenceIdentityDataSharing } from '../server/identity/reference-data-sharing.ts';
import { cardPhoto, multipartFile } from '../server/materials/sample-images.ts';
import { loadReferenceData } from '../server/reference-data/reference-data.ts';

const applications = Number(process.env.BENCH_APPLICATIONS ?? 100);
const referenceData = loadReferenceData();

async function main(): Promise<void> {
  const dataDir = await mkdtemp(`${tmpdir()}/bench-server-`);
  const db = await openDatabase({
    owner: 'applications',
    dataDir,
    migrations: applicationStoreMigrations,
  });
  let key = 1n;
  const instances: ProcessInstances = {
    create: async (_variables: StartVariables) => String(key++),
    cancel: async () => {},
  };
  const config = loadConfig({});
  const { app } = await buildServer({
    config,
    logger: createLogger({ level: 'silent' }),
    db,
    instances,
    identity: new ReferenceIdentityDataSharing(referenceData),
    referenceData,
    backgroundStarts: false,
  });

  const tokens = config.DEPARTMENT_TOKENS;
  const run = async (seed: number) => {
    const upload = multipartFile(cardPhoto());
    const photo = await app.inject({
      method: 'POST',
      url: '/api/materials/photo',
      headers: { authorization: 'Bearer dev-online', ...upload.headers },
      payload: upload.payload,
    });
    const form = sampleApplicationForm(referenceData, { items: itemCodes, seed });
    const submitted = await app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: { authorization: 'Bearer dev-online' },
      payload: { form, materials: { photo: photo.json().materialId } },
    });
    const { applicationId, city } = { ...submitted.json(), city: submitted.json().city.code };
    for (const item of itemCodes) {
      const headers = { authorization: `Bearer ${tokens[itemDepartment(item, city)]}` };
      await app.inject({
        method: 'GET',
        url: departmentPath('itemRequest', { applicationId, item }),
        headers,
      });
      await app.inject({
        method: 'PUT',
        url: departmentPath('outcome', { applicationId, item }),
        headers: { authorization: `Bearer ${tokens.province}` },
        payload: { item, outcome: 'approved', decidedAt: new Date().toISOString() },
      });
    }
    const province = { authorization: `Bearer ${tokens.province}` };
    await app.inject({
      method: 'GET',
      url: departmentPath('application', { applicationId }),
      headers: province,
    });
    await app.inject({
      method: 'PUT',
      url: departmentPath('mailing', { applicationId }),
      headers: province,
      payload: { state: 'mailed', trackingNumber: 'EMS1', mailedAt: new Date().toISOString() },
    });
  };

  for (let seed = 0; seed < 10; seed++) await run(seed); // warm-up
  let statements = 0;
  const counts = new Map<string, number>();
  db.on('query', (query: { sql: string }) => {
    statements++;
    const key = query.sql.replace(/\s+/g, ' ').slice(0, 60);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const started = performance.now();
  for (let seed = 10; seed < 10 + applications; seed++) await run(seed);
  const perApplication = (performance.now() - started) / applications;

  if (process.env.BENCH_STATEMENTS) {
    for (const [sql, count] of [...counts].sort((a, b) => b[1] - a[1])) {
      process.stdout.write(`${(count / applications).toFixed(1).padStart(6)}  ${sql}\n`);
    }
  }
  process.stdout.write(
    `${(statements / applications).toFixed(0)} SQL statements per application\n` +
      `server alone, one seven-item application (intake + 17 worker calls): ${perApplication.toFixed(1)} ms ` +
      `→ ${(1000 / perApplication).toFixed(1)} applications/s on one core\n`,
  );
  await app.close();
  await db.destroy();
  await rm(dataDir, { recursive: true, force: true });
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
