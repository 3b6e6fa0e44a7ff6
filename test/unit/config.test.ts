import { ConfigError, parseConfig } from '../../lib/config';

describe('configuration', () => {
  it('fills embedded defaults when nothing is set', () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.TEMPORAL_NAMESPACE).toBe('pathways');
    expect(config.API_PORT).toBe(3000);
  });

  it('names every bad variable and why', () => {
    let error: unknown;
    try {
      parseConfig({ DATABASE_URL: 'mysql://x/y', API_PORT: 'eighty', TEMPORAL_ADDRESS: 'localhost' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//);
    expect(message).toMatch(/API_PORT: /);
    expect(message).toMatch(/TEMPORAL_ADDRESS: must be host:port/);
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ SMTP_URL: '' }).SMTP_URL).toBeUndefined();
  });
});
