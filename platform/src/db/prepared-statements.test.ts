import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../../../test/support/database.ts';
import { PreparingClient, statementName } from './prepared-statements.ts';

describe('prepared statements', () => {
  it('names a text from its second use on, never a text of several commands', () => {
    const text = `select ${Math.random()} as a where $1::int = 1`;
    expect(statementName(text)).toBeUndefined();
    const name = statementName(text);
    expect(name).toMatch(/^b_[0-9a-f]{24}$/);
    expect(statementName(text)).toBe(name);
    const several = 'select 1; select 2';
    statementName(several);
    expect(statementName(several)).toBeUndefined();
  });

  describe('against PostgreSQL', () => {
    let pool: pg.Pool;
    beforeAll(async () => {
      pool = new pg.Pool({ connectionString: await createTestDatabase('prep'), max: 1, Client: PreparingClient });
      await pool.query('create table t (id int primary key, a text)');
      await pool.query("insert into t values (1, 'x')");
    });
    afterAll(async () => pool?.end());

    it('runs repeated statements prepared, and sends one unnamed for good once a migration changed its result columns', async () => {
      const text = 'select * from t where id = $1';
      for (let i = 0; i < 3; i++) expect((await pool.query(text, [1])).rows).toEqual([{ id: 1, a: 'x' }]);
      const prepared = await pool.query('select name from pg_prepared_statements');
      expect(prepared.rows.map((r) => r.name)).toContain(statementName(text));

      await pool.query('alter table t add column b int');
      // PostgreSQL refuses the prepared plan once; the client forgets the name...
      await expect(pool.query(text, [1])).rejects.toMatchObject({ code: '0A000' });
      // ...and the statement works again, unnamed.
      expect((await pool.query(text, [1])).rows).toEqual([{ id: 1, a: 'x', b: null }]);
      expect((await pool.query(text, [1])).rows).toHaveLength(1);
    });
  });
});
