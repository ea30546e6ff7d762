import { describe, expect, it } from 'vitest';
import { MIGRATIONS, type Migration, migrationSql, pendingMigrations } from './migrations.js';
import { StoreError } from './runStore.js';

const known: Migration[] = [
  { id: 2, name: 'second', sql: { sqlite: 'SELECT 2', postgres: 'SELECT 2 -- pg' } },
  { id: 1, name: 'first', sql: 'SELECT 1' },
  { id: 3, name: 'third', sql: 'SELECT 3' },
];

describe('migrations', () => {
  it('are numbered 1, 2, 3… without gaps or repeats', () => {
    expect(MIGRATIONS.map((m) => m.id)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('still to apply: those not recorded, in id order', () => {
    expect(pendingMigrations([], 'db', known).map((m) => m.id)).toEqual([1, 2, 3]);
    expect(pendingMigrations([1, 3], 'db', known).map((m) => m.id)).toEqual([2]);
    expect(pendingMigrations([1, 2, 3], 'db', known)).toEqual([]);
  });

  it('refuse a database that records a migration this code does not know, naming both numbers', () => {
    expect(() => pendingMigrations([1, 2, 3, 4], 'sqlite:/x.db', known)).toThrow(StoreError);
    expect(() => pendingMigrations([1, 2, 3, 4], 'sqlite:/x.db', known)).toThrow(
      'sqlite:/x.db has schema migration 4; this webrtc-harness knows up to 3. A newer webrtc-harness wrote it: upgrade this one (the store is left untouched)',
    );
  });

  it('give each dialect its own script where they differ', () => {
    expect(migrationSql(known[0]!, 'postgres')).toBe('SELECT 2 -- pg');
    expect(migrationSql(known[1]!, 'postgres')).toBe('SELECT 1');
  });
});
