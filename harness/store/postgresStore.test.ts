import { describe, expect, it } from 'vitest';
import { maskedUrl } from './postgresStore.js';

describe('maskedUrl', () => {
  it.each([
    ['postgres://runs:s3cr%2Ft@db.example.org:5432/runs', 'postgres://runs:***@db.example.org:5432/runs'],
    ['postgresql://runs@localhost/runs?host=/run/postgresql&password=s3cr%2Ft', 'postgresql://runs@localhost/runs?host=%2Frun%2Fpostgresql&password=***'],
    ['postgres://runs@db.example.org/runs?sslmode=require&sslpassword=s3cr%2Ft', 'postgres://runs@db.example.org/runs?sslmode=require&sslpassword=***'],
    ['postgres://db.example.org/runs', 'postgres://db.example.org/runs'],
  ])('shows %s as %s', (url, shown) => {
    expect(maskedUrl(url)).toBe(shown);
    expect(maskedUrl(url)).not.toMatch(/s3cr/);
  });

  it('shows nothing of a URL it cannot parse, since where the password sits is unknown', () => {
    expect(maskedUrl('postgres://runs:s3cr t@[bad/runs')).toBe('postgres://(unparsable URL)');
  });
});
