import { describe, expect, it } from 'vitest';

import { routingFacts, taxDepartment } from '../../server/form/routing.ts';
import { createApplicationFormSchema } from '../../server/form/application-rules.ts';
import { sampleApplicationForm } from '../../server/form/synthetic.ts';
import { validateApplicationForm } from '../../server/form/validate.ts';
import { cityOf } from '../../server/reference-data/lookups.ts';
import { loadReferenceData } from '../../server/reference-data/reference-data.ts';

const data = loadReferenceData();

describe('city from the division code', () => {
  it.each([
    ['370102', '370100', '济南市'],
    ['370211', '370200', '青岛市'],
    ['371302', '371300', '临沂市'],
    ['371702', '371700', '菏泽市'],
    // Laiwu became part of Jinan in 2019
    ['371202', '370100', '济南市'],
    ['370116', '370100', '济南市'],
  ])('%s belongs to %s (%s)', (division, code, name) => {
    expect(cityOf(data, division)).toMatchObject({ code, name });
  });

  it.each(['110105', '379902', '370000'])('%s belongs to no Shandong city', (division) => {
    expect(cityOf(data, division)).toBeUndefined();
  });
});

describe('routing facts', () => {
  it.each([
    ['370200', 'tax-qingdao'],
    ['370100', 'tax'],
    ['370600', 'tax'],
  ])('city %s declares contributions to %s', (city, department) => {
    expect(taxDepartment(city)).toBe(department);
  });

  it('routes a Qingdao applicant to Qingdao’s tax bureau, with no personal data', () => {
    // given an accepted form from 市南区, Qingdao, with the card mailed
    const today = '2026-03-10';
    const schema = createApplicationFormSchema({ referenceData: data, today: () => today });
    const input = sampleApplicationForm(data, { divisionCode: '370202', today });
    const accepted = validateApplicationForm(schema, input);
    if (!accepted.ok) throw new Error(JSON.stringify(accepted.errors));

    // when its start variables are derived
    const facts = routingFacts(accepted.form, data);

    // then they name the city and the Qingdao tax department only
    expect(facts).toEqual({
      city: '370200',
      items: accepted.form.items,
      taxDepartment: 'tax-qingdao',
      mailCard: true,
    });
  });
});
