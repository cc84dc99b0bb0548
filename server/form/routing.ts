import type { StartVariables } from '../../bpmn/process-contract.ts';
import { cityOf } from '../reference-data/lookups.ts';
import type { ReferenceData } from '../reference-data/reference-data.ts';
import type { ApplicationForm } from './application-form.ts';

/**
 * Routing facts the process instance starts with (no personal data): the city, the tax
 * department and whether the card is mailed.
 */

/** The city of Qingdao, whose own tax bureau declares Qingdao applicants' contributions. */
export const QINGDAO = '370200';

/** `tax-qingdao` for a Qingdao city code, `tax` for every other city. */
export function taxDepartment(cityCode: string): StartVariables['taxDepartment'] {
  return cityCode === QINGDAO ? 'tax-qingdao' : 'tax';
}

/**
 * The start variables an accepted form decides, for the server to add the application id
 * and `receivedAt` to. Throws a `TypeError` for a division outside the province's cities,
 * which an accepted form never has.
 */
export function routingFacts(
  form: ApplicationForm,
  data: ReferenceData,
): Pick<StartVariables, 'city' | 'items' | 'taxDepartment' | 'mailCard'> {
  const city = cityOf(data, form.applicant.divisionCode);
  if (!city) throw new TypeError(`division <${form.applicant.divisionCode}> has no city`);
  return {
    city: city.code,
    items: form.items,
    taxDepartment: taxDepartment(city.code),
    mailCard: form.card?.mailCard ?? false,
  };
}
