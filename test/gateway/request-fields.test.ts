import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../engine/gateway/index.ts';
import { TenantPolicy, variablesDocument } from '../../engine/gateway/request-fields.ts';

describe('reading variables documents', () => {
  it.each([
    ['', undefined],
    ['  ', undefined],
    ['{}', {}],
    ['{"amount": 1, "city": "370100"}', { amount: 1, city: '370100' }],
  ])('reads %j as %j', (json, expected) => {
    expect(variablesDocument('variables', json)).toEqual(expected);
  });

  it.each([
    ['[1, 2]', /variables must be a JSON object .* but it is an array/],
    ['"text"', /but it is a string/],
    ['42', /but it is a number/],
    ['null', /but it is null/],
    ['{oops', /variables is not valid JSON .*send a JSON object/],
  ])('refuses %j, naming the field and what to send', (json, message) => {
    const reading = () => variablesDocument('variables', json);

    expect(reading).toThrow(GatewayError);
    expect(reading).toThrow(message);
  });
});

describe('tenants with multi-tenancy off', () => {
  const policy = new TenantPolicy(false);

  it.each([
    ['', '<default>'],
    ['<default>', '<default>'],
  ])('takes tenant %j as %j', (tenantId, expected) => {
    expect(policy.tenant('DeployResource', tenantId)).toBe(expected);
  });

  it.each([[[]], [['<default>']]])('takes workers of tenants %j as the default tenant', (ids) => {
    expect(policy.tenants('ActivateJobs', ids)).toEqual(['<default>']);
  });

  it('refuses any other tenant, naming it', () => {
    expect(() => policy.tenant('PublishMessage', '370100')).toThrow(
      /PublishMessage names tenant <370100>, but multi-tenancy is off/,
    );
    expect(() => policy.tenants('ActivateJobs', ['<default>', '370200'])).toThrow(/<370200>/);
  });
});

describe('tenants with multi-tenancy on', () => {
  const policy = new TenantPolicy(true);

  it('takes well-formed tenant ids, each once', () => {
    expect(policy.tenants('ActivateJobs', ['370100', '370100', 'city.qd'])).toEqual([
      '370100',
      'city.qd',
    ]);
  });

  it.each([
    ['', /not a tenant id/],
    ['has space', /not a tenant id/],
    ['x'.repeat(32), /not a tenant id/],
  ])('refuses tenant id %j', (tenantId, message) => {
    expect(() => policy.tenant('CreateProcessInstance', tenantId)).toThrow(message);
  });

  it('refuses a worker that names no tenant', () => {
    expect(() => policy.tenants('StreamActivatedJobs', [])).toThrow(/names no tenant/);
  });
});
