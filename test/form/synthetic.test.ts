import { describe, expect, it } from 'vitest';

import { createApplicationFormSchema } from '../../server/form/application-rules.ts';
import { checkIdentityNumber } from '../../server/form/identity-number.ts';
import {
  itemCombinations,
  residentIdNumber,
  sampleApplicationForm,
  sampleCounties,
  type SampleFormOptions,
} from '../../server/form/synthetic.ts';
import { validateApplicationForm } from '../../server/form/validate.ts';
import { loadReferenceData } from '../../server/reference-data/reference-data.ts';

const today = '2026-03-10';
const data = loadReferenceData();
const schema = createApplicationFormSchema({ referenceData: data, today: () => today });
const identity = {
  provinceCodes: new Set(data.provinces.provinces.map((province) => province.code)),
  residencePermitRegions: new Set(data.provinces.residencePermitRegions.map((r) => r.code)),
  today,
};

describe('synthetic identity numbers', () => {
  it('have a correct check character for every city, sex and sequence', () => {
    // given numbers for each city's sample county, both sexes, many sequences and dates
    const refused: string[] = [];
    for (const county of Object.values(sampleCounties)) {
      for (const sex of ['male', 'female'] as const) {
        for (let sequence = 0; sequence < 500; sequence += 37) {
          const birthDate = `19${50 + (sequence % 50)}-0${1 + (sequence % 9)}-1${sequence % 10}`;
          const idNumber = residentIdNumber({ region: county.code, birthDate, sex, sequence });

          // when each is checked
          const result = checkIdentityNumber('resident-id', idNumber, identity);

          // then it is accepted with the sex and birth date it was made for
          if (!result.ok || result.facts.sex !== sex || result.facts.birthDate !== birthDate) {
            refused.push(idNumber);
          }
        }
      }
    }
    expect(refused).toEqual([]);
  });
});

describe('synthetic forms', () => {
  const applicants: [string, SampleFormOptions][] = [
    ['a man in Jinan', {}],
    ['a woman in Qingdao', { sex: 'female', divisionCode: '370202', retirementBase: 'female-50' }],
    [
      'a Hong Kong resident in Yantai',
      { idType: 'hk-macau-taiwan-residence-permit', divisionCode: '370602' },
    ],
    [
      'a 2023 card holder in Weihai',
      { idType: 'foreign-permanent-residence-2023', divisionCode: '371002' },
    ],
    [
      'a 2017 card holder in Heze, card not mailed',
      { idType: 'foreign-permanent-residence-2017', divisionCode: '371702', mailCard: false },
    ],
    ['a man of 50 with a 长期 ID', { birthDate: '1976-01-20', seed: 7 }],
  ];

  it.each(applicants)('are accepted for every one of the 127 item sets: %s', (_case, options) => {
    // when a sample is made and validated for each set of items
    const refused = itemCombinations().flatMap((items) => {
      const result = validateApplicationForm(
        schema,
        sampleApplicationForm(data, { ...options, items, today }),
      );
      return result.ok ? [] : [{ items, errors: result.errors }];
    });

    // then every one is accepted
    expect(refused).toEqual([]);
  });

  it('come out the same for the same options', () => {
    const options = { today, seed: 3, divisionCode: '370811' };
    expect(sampleApplicationForm(data, options)).toEqual(sampleApplicationForm(data, options));
  });

  it('cover each city', () => {
    for (const city of data.cities) {
      const county = sampleCounties[city.code];
      expect(county, city.name).toBeDefined();
      const input = sampleApplicationForm(data, { today, divisionCode: county?.code });
      expect(validateApplicationForm(schema, input), city.name).toMatchObject({ ok: true });
    }
  });
});
