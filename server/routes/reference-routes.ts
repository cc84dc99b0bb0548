import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { itemCodes, items } from '../../bpmn/process-contract.ts';
import type { ServerContext } from '../context.ts';
import {
  archiveReceivingBasisNames,
  idTypeNames,
  medicalCategoryNames,
  paymentFrequencyNames,
  sexNames,
  womenRetirementBaseNames,
} from '../form/application-form.ts';
import { cardBanksOf, paymentFrequenciesOf } from '../reference-data/lookups.ts';

const option = z.object({ code: z.string(), name: z.string() });

export const formOptionsSchema = z.object({
  items: z.array(option),
  idTypes: z.array(option),
  sexes: z.array(option),
  retirementBases: z.array(option),
  ethnicGroups: z.array(option),
  medicalCategories: z.array(option),
  archiveReceivingBases: z.array(option),
  paymentFrequencies: z.array(option),
  cities: z.array(
    option.extend({
      banks: z.array(option),
      paymentFrequencies: z.array(z.string()),
      counter: z.object({ name: z.string(), address: z.string(), openingHours: z.string() }),
    }),
  ),
});

/**
 * `GET /api/reference/form-options`: the choices of the form (items, document types,
 * ethnic groups, cities with their card banks and windows), for the counter page and the
 * provincial app. Public: it holds no personal data.
 */
export function registerReferenceRoutes(app: FastifyInstance, context: ServerContext): void {
  const data = context.referenceData;
  const options = {
    items: itemCodes.map((code) => ({ code, name: items[code].name })),
    idTypes: entries(idTypeNames),
    sexes: entries(sexNames),
    retirementBases: entries(womenRetirementBaseNames),
    ethnicGroups: data.ethnicGroups.map(({ code, name }) => ({ code, name })),
    medicalCategories: entries(medicalCategoryNames),
    archiveReceivingBases: entries(archiveReceivingBasisNames),
    paymentFrequencies: entries(paymentFrequencyNames),
    cities: data.cities.map((city) => ({
      code: city.code,
      name: city.name,
      banks: cardBanksOf(data, city.code).map(({ code, name }) => ({ code, name })),
      paymentFrequencies: paymentFrequenciesOf(data, city.code),
      counter: {
        name: city.counter.name,
        address: city.counter.address,
        openingHours: city.counter.openingHours,
      },
    })),
  };

  app.withTypeProvider<ZodTypeProvider>().get('/api/reference/form-options', {
    schema: {
      tags: ['参考数据'],
      summary: '申请表的选项：事项、证件类型、民族、各市发卡银行与综合窗口',
      security: [],
      response: { 200: formOptionsSchema },
    },
    handler: async () => options,
  });
}

function entries(names: Record<string, string>) {
  return Object.entries(names).map(([code, name]) => ({ code, name }));
}
