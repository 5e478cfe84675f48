import { join } from 'node:path'
import { runV12Writer, type V12MigrationHarness } from '@evtstore/v12-test-kit'
import { migrateFromV12 } from '../../src/v12/index.js'
import type { Neo4jKind } from './neo4j-lines.js'
import type { TestStore } from './test-store.js'

const BIN = join(__dirname, '../../bin/evtstore-neo4j.cjs')
const WRITER = join(__dirname, '../v12/write-v12-neo4j.cjs')
const DRIVER_4_PRELOAD = join(__dirname, '../v12/neo4j-driver-4.4-preload.cjs')

/**
 * How evtstore@12 wrote on each line: its `neo4j` provider on 5 and 4.4, its `neo4j-v3`
 * provider on 3.5, each with the driver a v12 user had there (v12 was built on the 4.x
 * driver; 5.x drivers do not speak to 3.5).
 */
const V12_WRITERS: Record<Neo4jKind, { server: string; driver: string }> = {
  neo4j5: { server: '5', driver: 'neo4j-driver' },
  neo4j44: { server: '4.4', driver: 'neo4j-driver-v4' },
  neo4j35: { server: '3.5', driver: 'neo4j-driver-v4' },
}

/**
 * The v12 migration scenarios on one Neo4j line: v12's labels `<prefix>_V12Events` /
 * `<prefix>_V12Bookmarks` written by evtstore@12 in a child process, each target under
 * its own labels (`<prefix>_<target>_Events`, ...) on the same server; on 3.5 the new
 * store is the `/v3` entry's, and the command runs with the 4.4 driver installed as
 * `neo4j-driver`, as a 3.5 user's project has it.
 */
export function neo4jV12Harness(store: () => TestStore): V12MigrationHarness {
  // v12's appends are not retried: a schema change elsewhere on a shared server (another
  // test file's migrate()) can fail one with a transient error. The writer then runs
  // again under fresh labels, at most three times.
  let attempt = 1
  const v12 = () => {
    const suffix = attempt === 1 ? '' : String(attempt)
    return { events: `${store().db.name}_V12Events${suffix}`, bookmarks: `${store().db.name}_V12Bookmarks${suffix}` }
  }
  const labels = (target: string) => store().labels(target)
  const v3 = () => store().line.kind === 'neo4j35'
  return {
    write: async () => {
      const { server, driver } = V12_WRITERS[store().line.kind]
      for (;;) {
        try {
          return await runV12Writer(WRITER, [store().db.url, server, driver, v12().events, v12().bookmarks, 'neo4j'])
        } catch (err) {
          if (attempt === 3 || !String((err as { stderr?: unknown }).stderr).includes('TransientError')) throw err
          attempt += 1
        }
      }
    },
    migrate: (target, options = {}) =>
      migrateFromV12({
        ...options,
        from: { client: store().driver, ...v12() },
        to: { client: store().driver, ...labels(target), ...(v3() ? { v3: true } : {}) },
      }),
    prepare: (target) => store().line.migrate({ client: store().driver, ...labels(target) }),
    provider: (target) => store().line.createProvider({ client: store().driver, ...labels(target) }),
    cli: (target) => [
      ...(v3() ? ['--require', DRIVER_4_PRELOAD] : []),
      BIN,
      'migrate-from-v12',
      '--from-url',
      store().db.url,
      '--from-events',
      v12().events,
      '--from-bookmarks',
      v12().bookmarks,
      '--to-events',
      labels(target).events,
      '--to-bookmarks',
      labels(target).bookmarks,
      ...(v3() ? ['--server', '3.5'] : []),
    ],
    // The progress is kept per millisecond of v12's datetime positions.
    coarseProgress: true,
    // Appends in one millisecond tie in v12's order; the copy orders a tie by version.
    tiesInAnyOrder: true,
  }
}
