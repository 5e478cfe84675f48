import { describeSerializableAppends } from '@evtstore/postgres-test-kit'
import { createProvider, migrate } from '../src/index.js'
import { openTestDatabase } from './support/database.js'

// postgres.js on a database whose sessions all start serializable transactions.

describeSerializableAppends(async () => {
  const t = await openTestDatabase('postgres_serial')
  const [row] = await t.sql`SELECT current_database() AS name`
  await t.sql.unsafe(`ALTER DATABASE "${String(row?.name)}" SET default_transaction_isolation = 'serializable'`)
  // A new pool: its connections pick the database default up.
  const sql = t.connect(10)
  return {
    query: async (text, values) => [...(await sql.unsafe(text, (values ?? []) as never[]))],
    migrate: (tables) => migrate({ sql, ...tables }),
    provider: ({ lazy: _lazy, ...options } = {}) => createProvider({ sql, ...options }),
    async close() {
      await sql.end()
      await t.close()
    },
  }
})
