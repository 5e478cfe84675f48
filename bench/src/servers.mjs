// The database servers of a run: started once through @evtstore/test-databases (or taken
// from EVTSTORE_<KIND>_URL), and a fresh store (database, label prefix or file) for each
// contender and phase, all dropped at the end.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestDatabase, startDatabase } from '@evtstore/test-databases'

/** Starts the servers the suites need, in parallel. Resolves to the servers' handle. */
export async function startServers(kinds, log) {
  const wanted = [...new Set(kinds)].filter((kind) => kind !== 'memory' && kind !== 'sqlite')
  const running = new Map()
  const failed = new Map()
  await Promise.all(
    wanted.map(async (kind) => {
      const start = performance.now()
      try {
        const db = await startDatabase(kind)
        running.set(kind, db)
        log(
          `[servers] ${kind}: ${db.version} on ${db.host}:${db.port} (${((performance.now() - start) / 1000).toFixed(1)} s)`,
        )
      } catch (error) {
        failed.set(kind, error)
        log(`[servers] ${kind} could not start: ${error.message}`)
      }
    }),
  )
  const drops = []
  const dir = mkdtempSync(join(tmpdir(), 'evtstore-bench-'))
  let files = 0
  return {
    /** The server's version string, or undefined for memory and SQLite. */
    version: (kind) => running.get(kind)?.version,
    /** Why a kind has no server, or undefined when it has one. */
    missing: (kind) => (failed.has(kind) ? failed.get(kind).message : undefined),
    /** A new empty store on the kind's server: `{ kind, url?, name?, file? }`. */
    async store(kind, prefix) {
      if (kind === 'memory') return { kind }
      if (kind === 'sqlite') return { kind, file: join(dir, `${prefix}-${++files}.sqlite`) }
      const db = await createTestDatabase(kind, running.get(kind).url, prefix.replace(/-/g, '_'))
      drops.push(db.drop)
      return { kind, url: db.url, name: db.name, version: running.get(kind).version }
    },
    async stop() {
      for (const drop of drops.splice(0)) await drop().catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
      await Promise.allSettled([...running.values()].map((db) => db.stop()))
    },
  }
}
