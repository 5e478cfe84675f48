import { getContainerRuntimeClient } from 'testcontainers'
import { TestDatabaseError } from './errors.js'
import { isLocalImage } from './images.js'
import type { DatabaseKind } from './kinds.js'
import { waitForServer } from './server-version.js'
import { startContainer, type RunningDatabase } from './start-database.js'

/** A server in a container of its own that can be stopped and started again with its data. */
export interface RestartableDatabase extends RunningDatabase {
  /** The container's id, for messages. */
  containerId: string
  /**
   * Stops the server for real: the container's main process gets the kind's fast-shutdown
   * signal (Postgres: SIGINT, which ends every session with 57P01; the others: SIGTERM),
   * and this resolves once the container has exited (after a SIGKILL past `timeoutMs`).
   */
  stopServer(timeoutMs?: number): Promise<void>
  /**
   * Starts the stopped container again: the same port (host networking) and the same
   * data. Resolves once the server answered a real query through its driver.
   */
  startServer(timeoutMs?: number): Promise<void>
}

/** The signal each server shuts down quickly on (Postgres' SIGTERM waits for its clients). */
const STOP_SIGNALS: Record<DatabaseKind, string> = {
  postgres: 'SIGINT',
  mariadb: 'SIGTERM',
  mongo: 'SIGTERM',
  neo4j5: 'SIGTERM',
  neo4j44: 'SIGTERM',
  neo4j35: 'SIGTERM',
}

/** Kinds whose local image keeps its data across a restart only when its label says so (older builds did not). */
const LABELLED_KINDS: ReadonlySet<DatabaseKind> = new Set(['postgres', 'mariadb'])
/** Kinds that lose their data on a restart whatever the image (the local Neo4j runs an in-process test server). */
const UNRESTARTABLE_KINDS: ReadonlySet<DatabaseKind> = new Set(['neo4j5', 'neo4j44', 'neo4j35'])
const KEEPS_DATA_LABEL = 'org.evtstore.keeps-data'

/**
 * Starts a server of `kind` in a container of its own, even when `EVTSTORE_<KIND>_URL`
 * points at a shared one (stopping a shared server would break other tests), for tests
 * that stop the database and start it again while clients are connected.
 * @example
 * const db = await startRestartableDatabase('postgres')
 * await db.stopServer() // clients now get connection errors
 * await db.startServer() // same port, same data
 * await db.stop() // removes the container
 */
export async function startRestartableDatabase(kind: DatabaseKind): Promise<RestartableDatabase> {
  if (UNRESTARTABLE_KINDS.has(kind)) {
    throw new TestDatabaseError('TEST_DATABASE_NOT_RESTARTABLE', kind, 'its test server does not keep data across a restart')
  }
  const { container, server } = await startContainer(kind)
  const client = await getContainerRuntimeClient()
  const docker = client.container.getById(container.getId())
  const info = await docker.inspect()
  if (isLocalImage(info.Config.Image) && LABELLED_KINDS.has(kind) && info.Config.Labels?.[KEEPS_DATA_LABEL] !== 'true') {
    await container.stop().catch(() => undefined)
    throw new TestDatabaseError(
      'TEST_DATABASE_NOT_RESTARTABLE',
      kind,
      `image ${info.Config.Image} starts a fresh server on every start (no ${KEEPS_DATA_LABEL} label): rebuild it with scripts/build-test-images ${kind}`,
    )
  }
  const isRunning = async () => (await docker.inspect()).State.Running

  const stopServer = async (timeoutMs = 30_000) => {
    if (!(await isRunning())) return
    await docker.kill({ signal: STOP_SIGNALS[kind] })
    const deadline = Date.now() + timeoutMs
    while (await isRunning()) {
      if (Date.now() >= deadline) {
        await docker.kill({ signal: 'SIGKILL' }).catch(() => undefined)
        await docker.wait()
        return
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  const startServer = async (timeoutMs = 60_000) => {
    if (!(await isRunning())) await docker.start()
    await waitForServer(kind, server.url, timeoutMs, 100)
  }

  return {
    ...server,
    containerId: container.getId(),
    stopServer,
    startServer,
    stop: async () => {
      // a stopped container is removed too (Testcontainers' stop removes it)
      await container.stop()
    },
  }
}
