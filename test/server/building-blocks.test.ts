import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../server/applications/intake.ts';
import {
  beijingDay,
  beijingIso,
  formatReceiptNumber,
  receiptNumberPattern,
} from '../../server/applications/receipt-number.ts';
import { maskForm } from '../../server/applications/views.ts';
import { StatusTokens, TokenDirectory } from '../../server/auth/principals.ts';
import { loadConfig } from '../../platform/config.ts';
import { checkMaterial } from '../../server/materials/material-rules.ts';
import { whitePng } from '../../server/materials/sample-images.ts';
import type { ApplicationForm } from '../../server/form/application-form.ts';

describe('receipt numbers and Beijing time', () => {
  it.each([
    ['2026-02-13T15:59:59Z', '20260213', '2026-02-13T23:59:59.000+08:00'],
    ['2026-02-13T16:00:00Z', '20260214', '2026-02-14T00:00:00.000+08:00'],
  ])('reads %s as Beijing day %s', (instant, day, iso) => {
    expect(beijingDay(Date.parse(instant))).toBe(day);
    expect(beijingIso(Date.parse(instant))).toBe(iso);
  });

  it('formats a receipt number the lookup accepts', () => {
    const receipt = formatReceiptNumber('370200', '20260214', 17);
    expect(receipt).toBe('370200-20260214-00017');
    expect(receiptNumberPattern.test(receipt)).toBe(true);
  });
});

describe('status tokens', () => {
  const tokens = new StatusTokens('a-secret-of-some-length');

  it('verifies a token it issued and names its application', () => {
    expect(tokens.verify(tokens.issue('app-1'))).toBe('app-1');
  });

  it.each([
    ['another secret’s token', new StatusTokens('another-secret-entirely').issue('app-1')],
    ['a token moved to another application', `app-2.${tokens.issue('app-1').split('.')[1]}`],
    ['no signature', 'app-1'],
    ['an empty signature', 'app-1.'],
  ])('refuses %s', (_case, token) => {
    expect(tokens.verify(token)).toBeUndefined();
  });
});

describe('bearer tokens', () => {
  const directory = new TokenDirectory(loadConfig({}));

  it.each([
    ['Bearer dev-clerk', { role: 'clerk', id: 'clerk-1' }],
    ['bearer dev-tax-qingdao', { role: 'department', id: 'tax-qingdao' }],
    ['Bearer dev-online', { role: 'applicant', id: 'provincial-app' }],
    ['Bearer dev-manager', { role: 'manager', id: 'manager-1' }],
    ['Bearer nope', undefined],
    ['dev-clerk', undefined],
    [undefined, undefined],
  ])('resolves %s', (header, principal) => {
    expect(directory.resolve(header)).toEqual(principal);
  });
});

describe('canonical JSON for idempotency', () => {
  it('hashes equal bodies equally whatever their key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});

describe('material rules', () => {
  it.each([
    ['the usual card photo', 'photo', whitePng(358, 441), true],
    ['the smallest card photo', 'photo', whitePng(295, 413), true],
    ['a square photo', 'photo', whitePng(441, 441), false],
    ['a photo over 1200 wide', 'photo', whitePng(1300, 1600), false],
    ['an ID scan', 'id-document', whitePng(856, 540), true],
    ['a phone photo of the ID', 'id-document', whitePng(4000, 3000), true],
    ['a tiny ID scan', 'id-document', whitePng(200, 120), false],
  ] as const)('judges %s', (_case, kind, content, accepted) => {
    expect(checkMaterial(kind, content).ok).toBe(accepted);
  });
});

describe('masking', () => {
  it('masks name, ID number, phone, birth date and mailing address', () => {
    const form = {
      items: ['social-security-card'],
      applicant: {
        name: '张测试',
        idNumber: '370102199003071234',
        phone: '13800001234',
        birthDate: '1990-03-07',
      },
      card: { mailingAddress: '山东省济南市历下区某路1号' },
    } as unknown as ApplicationForm;

    const masked = maskForm(form);

    expect(masked.applicant).toMatchObject({
      name: '张**',
      idNumber: '3701**********1234',
      phone: '138****1234',
      birthDate: '1990-**-**',
    });
    expect(masked.card!.mailingAddress).toBe('山东省济南市****');
  });
});
