import { describe, expect, it } from 'vitest';
import { ConfigError, devTokensInUse, loadConfig } from '../../platform/config.ts';

describe('configuration', () => {
  it('gives every setting a default', () => {
    // when nothing is set
    const config = loadConfig({});

    // then the embedded defaults apply
    expect(config).toMatchObject({
      DATABASE_URL: undefined,
      DATA_DIR: './data',
      HTTP_PORT: 8080,
      HTTP_HOST: '127.0.0.1',
      ENGINE_GRPC_PORT: 26500,
      ZEEBE_GRPC_ADDRESS: 'localhost:26500',
      LOG_LEVEL: 'info',
      CLERK_TOKENS: { 'clerk-1': 'dev-clerk' },
    });
    expect(devTokensInUse(config)).toContain('DEPARTMENT_TOKENS');
  });

  it.each([
    ['HTTP_PORT', 'eighty', 'a port number from 1 to 65535'],
    ['ENGINE_GRPC_PORT', '70000', 'a port number from 1 to 65535'],
    ['LOG_LEVEL', 'loud', 'Invalid option'],
    ['DATABASE_URL', 'mysql://x', 'a postgres:// or postgresql:// connection string'],
    ['ZEEBE_GRPC_ADDRESS', 'localhost', 'host:port'],
    ['DEPARTMENT_TOKENS', 'hrss', 'name=token pairs'],
    ['CLERK_TOKENS', 'a=same,b=same', 'name=token pairs'],
  ])('refuses %s=%s naming the variable and what it accepts', (name, value, accepts) => {
    // when a bad value is given
    const load = () => loadConfig({ [name]: value });

    // then start-up stops with a message naming both
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(`${name}=.*${value}.*${accepts}`));
  });
});
