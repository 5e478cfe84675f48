import { mongoVersion } from './drivers/mongo.js'
import { neo4jVersion } from './drivers/neo4j.js'
import { mariadbVersion, postgresVersion } from './drivers/sql.js'
import { TestDatabaseError } from './errors.js'
import type { DatabaseKind } from './kinds.js'

/**
 * Asks the server for its own version string through its real driver.
 * @example await serverVersion('postgres', 'postgres://postgres:pw@127.0.0.1:5432/postgres')
 */
export function serverVersion(kind: DatabaseKind, url: string): Promise<string> {
  switch (kind) {
    case 'postgres':
      return postgresVersion(url)
    case 'mariadb':
      return mariadbVersion(url)
    case 'mongo':
      return mongoVersion(url)
    case 'neo4j5':
    case 'neo4j44':
      return neo4jVersion(url, false)
    case 'neo4j35':
      return neo4jVersion(url, true)
  }
}

/**
 * Asks for the version every `intervalMs` until the server answers or `timeoutMs` passes;
 * the last error becomes the cause of a TEST_DATABASE_NOT_READY error.
 * @example const version = await waitForServer('mongo', 'mongodb://127.0.0.1:27017/', 60_000)
 */
export async function waitForServer(kind: DatabaseKind, url: string, timeoutMs: number, intervalMs = 500): Promise<string> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      return await serverVersion(kind, url)
    } catch (error) {
      lastError = error
    }
    if (Date.now() >= deadline) {
      throw new TestDatabaseError('TEST_DATABASE_NOT_READY', kind, `no answer from ${redact(url)} within ${timeoutMs} ms`, {
        cause: lastError,
      })
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/**
 * The URL without its password, for messages.
 * @example redact('postgres://u:secret@h:1/db') // 'postgres://u:***@h:1/db'
 */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')
}
