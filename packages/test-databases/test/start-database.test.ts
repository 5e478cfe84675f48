import { isTestDatabaseError, requireDatabaseUrl, serverVersion, startDatabase } from '../src/index.js'

describe('startDatabase with a server given by URL', () => {
  const url = requireDatabaseUrl('postgres')

  it('uses the running server: same URL, its port and credentials, its own version', async () => {
    const db = await startDatabase('postgres')
    expect(db.url).toBe(url)
    expect(db.port).toBe(Number(new URL(url).port))
    expect(db.user).toBe(decodeURIComponent(new URL(url).username))
    expect(db.version).toMatch(/^PostgreSQL \d+/)
    await db.stop()
    // stop() must not stop a server it did not start
    expect(await serverVersion('postgres', url)).toBe(db.version)
  })

  it('rejects a URL variable that is not a URL', async () => {
    const saved = process.env.EVTSTORE_MARIADB_URL
    process.env.EVTSTORE_MARIADB_URL = 'not a url'
    try {
      const error = await startDatabase('mariadb').catch((e: unknown) => e)
      expect(isTestDatabaseError(error) && error.code).toBe('TEST_DATABASE_BAD_URL')
    } finally {
      if (saved === undefined) delete process.env.EVTSTORE_MARIADB_URL
      else process.env.EVTSTORE_MARIADB_URL = saved
    }
  })

  it('rejects an unknown kind', async () => {
    const error = await startDatabase('sqlserver' as never).catch((e: unknown) => e)
    expect(isTestDatabaseError(error) && error.code).toBe('TEST_DATABASE_UNKNOWN_KIND')
  })
})
