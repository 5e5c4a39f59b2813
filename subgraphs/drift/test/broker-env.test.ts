import { describe, expect, it } from 'vitest';
import { loadEnv } from '../src/env.js';

describe('BROKER_URL', () => {
  it('is optional: unset or empty keeps alerts in this process', () => {
    expect(loadEnv({}).BROKER_URL).toBeUndefined();
    expect(loadEnv({ BROKER_URL: '' }).BROKER_URL).toBeUndefined();
  });

  it('takes redis://host:port[/db] and nats://host:port', () => {
    expect(loadEnv({ BROKER_URL: 'redis://127.0.0.1:6379/2' }).BROKER_URL?.href).toBe('redis://127.0.0.1:6379/2');
    expect(loadEnv({ BROKER_URL: 'nats://broker:4222' }).BROKER_URL?.host).toBe('broker:4222');
  });

  it.each(['http://127.0.0.1:6379', 'localhost:6379', 'redis://', 'amqp://rabbit:5672'])('refuses %s at start, naming BROKER_URL and the forms it takes', (value) => {
    expect(() => loadEnv({ BROKER_URL: value })).toThrow(`BROKER_URL=${JSON.stringify(value)}: must be redis://host:port[/db] (Redis) or nats://host:port (NATS)`);
  });
});
