import { constants } from 'node:os'
import { TestDatabaseError } from './errors.js'
import { isDatabaseKind, urlVariable, versionVariable, type DatabaseKind } from './kinds.js'
import { startDatabase, type RunningDatabase } from './start-database.js'

/** What setup started, kept on globalThis: jest loads setup and teardown as separate modules. */
interface GlobalState {
  started: RunningDatabase[]
  variables: string[]
  pending: Array<Promise<unknown>>
  signalsHooked?: boolean
}
const STATE = Symbol.for('@evtstore/test-databases/global-state')
type WithState = typeof globalThis & { [STATE]?: GlobalState }

/**
 * Starts one server per kind (in parallel), exports `EVTSTORE_<KIND>_URL` and
 * `EVTSTORE_<KIND>_VERSION` for the test workers and prints each version. A kind whose
 * URL variable is already set is used as is. If any server cannot start, the others are
 * stopped and the error is thrown: the run fails, nothing is skipped.
 * @example await startGlobalDatabases(['postgres', 'mariadb'])
 */
export async function startGlobalDatabases(kinds: readonly string[]): Promise<void> {
  for (const kind of kinds) {
    if (!isDatabaseKind(kind)) throw new TestDatabaseError('TEST_DATABASE_UNKNOWN_KIND', kind, 'not one of the known kinds')
  }
  const unique = [...new Set(kinds)] as DatabaseKind[]
  const state: GlobalState = ((globalThis as WithState)[STATE] ??= { started: [], variables: [], pending: [] })
  stopOnSignals(state)
  const starts = unique.map(async (kind) => {
    const db = await startDatabase(kind)
    state.started.push(db) // at once, so a signal during the other starts still stops it
    return db
  })
  state.pending.push(...starts)
  const results = await Promise.allSettled(starts)
  state.pending = []
  const failures: unknown[] = []
  for (const result of results) {
    if (result.status === 'rejected') {
      failures.push(result.reason)
      continue
    }
    const db = result.value
    for (const [name, value] of [
      [urlVariable(db.kind), db.url],
      [versionVariable(db.kind), db.version],
    ] as const) {
      if (process.env[name] === undefined) state.variables.push(name)
      process.env[name] = value
    }
    process.stdout.write(`[test-databases] ${db.kind} on ${db.host}:${db.port}: ${db.version}\n`)
  }
  if (failures.length > 0) {
    await stopGlobalDatabases()
    if (failures.length === 1) throw failures[0]
    throw new AggregateError(failures, `${failures.length} test databases could not start`)
  }
}

/**
 * When the run is interrupted (SIGINT/SIGTERM, e.g. turbo stopping a task after another
 * failed), jest's teardown does not run: stop the containers here, then let the signal
 * end the process with the exit code the signal would have given.
 */
function stopOnSignals(state: GlobalState): void {
  if (state.signalsHooked) return
  state.signalsHooked = true
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const inFlight = Promise.allSettled(state.pending)
      const bounded = Promise.race([inFlight, new Promise((resolve) => setTimeout(resolve, 60_000).unref())])
      void bounded
        .then(() => stopGlobalDatabases())
        .catch(() => undefined)
        .finally(() => process.exit(128 + constants.signals[signal]))
    })
  }
}

/**
 * Stops what startGlobalDatabases started and removes the variables it set.
 * @example await stopGlobalDatabases()
 */
export async function stopGlobalDatabases(): Promise<void> {
  const state = (globalThis as WithState)[STATE]
  if (!state) return
  const started = state.started.splice(0)
  for (const name of state.variables.splice(0)) delete process.env[name]
  const results = await Promise.allSettled(started.map((db) => db.stop()))
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed.length > 0) throw new AggregateError(failed.map((r) => r.reason), 'stopping test databases failed')
}

/**
 * The URL of the server the global setup started (or was given) for a kind; throws a
 * TEST_DATABASE_URL_MISSING error naming the variable when there is none.
 * @example const url = requireDatabaseUrl('postgres')
 */
export function requireDatabaseUrl(kind: DatabaseKind): string {
  const url = process.env[urlVariable(kind)]
  if (!url) {
    throw new TestDatabaseError(
      'TEST_DATABASE_URL_MISSING',
      kind,
      `${urlVariable(kind)} is not set: add '${kind}' to the jest global setup (setupDatabases) or point it at a server`,
    )
  }
  return url
}
