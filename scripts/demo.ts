/**
 * `npm run demo [server-url]`: submits a handful of synthetic applications through the
 * HTTP API and prints each one's final status: all seven items, a subset, a Qingdao
 * applicant, one with an ineligible item, and one whose identity is confirmed by an
 * uploaded document instead of data sharing.
 *
 * With a URL it talks to a running `npm start` (its online-channel token from
 * `ONLINE_CHANNEL_TOKENS`); without one it starts the whole service in this process on
 * free ports with a temporary data folder, and stops it afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import type { StatusView } from '../server/applications/views.ts';
import { ServiceClient } from '../server/client/service-client.ts';
import type { ApplicationFormInput } from '../server/form/application-form.ts';
import { sampleApplicationForm } from '../server/form/synthetic.ts';
import { cardPhoto, idDocumentScan } from '../server/materials/sample-images.ts';
import { loadReferenceData } from '../server/reference-data/reference-data.ts';
import { startService, type Service } from '../server/service.ts';

interface Case {
  title: string;
  form: ApplicationFormInput;
  idDocument?: boolean;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const { url, stop } = await target(config, process.argv[2]);
  const token = Object.values(config.ONLINE_CHANNEL_TOKENS)[0]!;
  const client = new ServiceClient(url, token);

  try {
    const cases = demoCases();
    const submitted = await Promise.all(cases.map((demo) => submit(client, demo)));
    for (const [index, run] of submitted.entries()) {
      const status = await client.waitUntilSettled(run.statusToken, 120_000);
      print(cases[index]!.title, status, Date.now() - run.startedAt);
    }
  } finally {
    await stop();
  }
}

function demoCases(): Case[] {
  const data = loadReferenceData();
  const seed = Date.now() % 400;
  const ineligible = sampleApplicationForm(data, {
    items: ['pension-enrollment', 'medical-enrollment', 'employment-registration'],
    divisionCode: '370602',
    seed: seed + 3,
  });
  ineligible.medical!.livesInShandong = false;

  return [
    { title: '济南 · 七个事项全部申请', form: sampleApplicationForm(data, { seed }) },
    {
      title: '淄博 · 部分事项（养老、医疗、灵活就业登记）',
      form: sampleApplicationForm(data, {
        items: ['pension-enrollment', 'medical-enrollment', 'employment-registration'],
        divisionCode: '370303',
        sex: 'female',
        seed: seed + 1,
      }),
    },
    {
      title: '青岛 · 社会保险费由青岛市税务部门申报',
      form: sampleApplicationForm(data, {
        items: ['pension-enrollment', 'medical-enrollment', 'contribution-declaration'],
        divisionCode: '370202',
        seed: seed + 2,
      }),
    },
    { title: '烟台 · 医疗保险不符合条件（非山东常住）', form: ineligible },
    {
      title: '潍坊 · 港澳台居民居住证，上传证件图片',
      form: sampleApplicationForm(data, {
        items: ['pension-enrollment', 'housing-fund-account'],
        divisionCode: '370705',
        idType: 'hk-macau-taiwan-residence-permit',
        seed: seed + 4,
      }),
      idDocument: true,
    },
  ];
}

async function submit(client: ServiceClient, demo: Case) {
  const materials: { photo?: string; idDocument?: string } = {};
  if (demo.form.items.includes('social-security-card')) {
    materials.photo = await client.upload('photo', cardPhoto());
  }
  if (demo.idDocument) materials.idDocument = await client.upload('id-document', idDocumentScan());
  const startedAt = Date.now();
  const submission = await client.submit({ form: demo.form, materials }, crypto.randomUUID());
  return { statusToken: submission.statusToken, startedAt };
}

function print(title: string, status: StatusView, elapsedMs: number): void {
  const lines = [
    '',
    `【${title}】受理编号 ${status.receiptNumber}，${status.stateLabel}（${(elapsedMs / 1000).toFixed(1)} 秒）`,
    ...status.items.map((item) => {
      const details = item.result?.details ? ` ${JSON.stringify(item.result.details)}` : '';
      const reason = item.result?.reason ? ` 原因：${item.result.reason}` : '';
      const mailing = item.mailing ? ` 邮寄：${mailingLabels[item.mailing.state]}` : '';
      return `  - ${item.name}（${item.departmentName}）：${item.stateLabel}${reason}${details}${mailing}`;
    }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const mailingLabels = { 'not-requested': '未要求', awaiting: '待邮寄', mailed: '已寄出' };

/** A running service's URL, or one started here on free ports with a temporary data folder. */
async function target(config: Config, url: string | undefined) {
  if (url) return { url, stop: async () => {} };

  const dataDir = await mkdtemp(join(tmpdir(), 'flexible-insurance-demo-'));
  process.stdout.write(`启动服务（数据目录 ${dataDir}）……\n`);
  const service: Service = await startService({
    config: {
      ...config,
      DATA_DIR: dataDir,
      DATABASE_URL: undefined,
      HTTP_PORT: 0,
      ENGINE_GRPC_PORT: 0,
      ENGINE_HTTP_PORT: 0,
    },
    logger: createLogger({ level: 'warn' }),
    workers: { decisionRelayIntervalMs: 500, outboxIntervalMs: 1_000 },
  });
  return {
    url: service.urls.server,
    stop: async () => {
      await service.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // The SDK leaves its long polls' timers running for up to 51 s after the clients close.
  .finally(() => process.exit());
