import pg from 'pg'
import { isTestDatabaseError, serverVersion, startRestartableDatabase } from '../src/index.js'

// startRestartableDatabase: a Postgres container of its own (not the run's server), really
// stopped (connections refused) and started again on the same port with its data.

it('stops the server and starts it again on the same port, with its data', async () => {
  const db = await startRestartableDatabase('postgres')
  try {
    expect(db.url).not.toBe(process.env.EVTSTORE_POSTGRES_URL)
    const query = async (text: string) => {
      const client = new pg.Client({ connectionString: db.url })
      client.on('error', () => undefined)
      await client.connect()
      try {
        return (await client.query(text)).rows as Array<Record<string, unknown>>
      } finally {
        await client.end()
      }
    }
    await query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)')
    await db.stopServer()
    const down = await serverVersion('postgres', db.url).catch((error: unknown) => error)
    expect((down as { code?: string }).code).toBe('ECONNREFUSED')
    await db.stopServer() // stopping a stopped server is a no-op
    await db.startServer()
    expect(await query('SELECT n FROM kept')).toEqual([{ n: 42 }])
    expect(new URL(db.url).port).toBe(String(db.port))
  } finally {
    await db.stop()
  }
})

it('refuses a kind whose test server loses its data on a restart', async () => {
  const error = await startRestartableDatabase('neo4j5').catch((e: unknown) => e)
  expect(isTestDatabaseError(error) && error.code).toBe('TEST_DATABASE_NOT_RESTARTABLE')
})
