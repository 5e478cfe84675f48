import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers'
import { containerSpec } from './container-spec.js'
import { TestDatabaseError } from './errors.js'
import { freePort } from './free-port.js'
import { imageFor, isLocalImage } from './images.js'
import { isDatabaseKind, urlVariable, type DatabaseKind } from './kinds.js'
import { redact, waitForServer } from './server-version.js'

/** A server the tests can use, and how to stop it. */
export interface RunningDatabase {
  kind: DatabaseKind
  /** Admin/connection URL (a superuser on SQL servers; no auth on Mongo and Neo4j test servers). */
  url: string
  /** 127.0.0.1 for servers started here; the URL's host for servers given by URL. */
  host: string
  port: number
  user?: string
  password?: string
  /** The server's own version string, as it reports it. */
  version: string
  /** Stops the container (a no-op for a server given by URL). */
  stop(): Promise<void>
}

const STARTUP_TIMEOUT_MS = 240_000
const DEFAULT_PORTS: Record<DatabaseKind, number> = {
  postgres: 5432,
  mariadb: 3306,
  mongo: 27017,
  neo4j5: 7687,
  neo4j44: 7687,
  neo4j35: 7687,
}

/**
 * Starts a server of `kind` in a container with host networking on a free 127.0.0.1
 * port, or, when `EVTSTORE_<KIND>_URL` is set, uses that server. Resolves once the
 * server answered a real query through its driver.
 * @example
 * const db = await startDatabase('postgres')
 * console.log(db.version) // 'PostgreSQL 15.14 (Debian 15.14-0+deb12u1) on x86_64-pc-linux-gnu, ...'
 * await db.stop()
 */
export async function startDatabase(kind: DatabaseKind): Promise<RunningDatabase> {
  if (!isDatabaseKind(kind)) {
    throw new TestDatabaseError('TEST_DATABASE_UNKNOWN_KIND', String(kind), 'not one of the known kinds')
  }
  const given = process.env[urlVariable(kind)]
  if (given) return useRunningServer(kind, given)

  const { container, server } = await startContainer(kind)
  return {
    ...server,
    stop: async () => {
      await container.stop()
    },
  }
}

/** The server a container of ours runs, and the container. */
export interface StartedContainer {
  container: StartedTestContainer
  /** Everything about the server but how to stop it. */
  server: Omit<RunningDatabase, 'stop'>
}

/**
 * Starts a container of `kind` (never a server given by URL) and waits until the server
 * answered a real query. Used by startDatabase and startRestartableDatabase.
 * @example const { container, server } = await startContainer('postgres')
 */
export async function startContainer(kind: DatabaseKind): Promise<StartedContainer> {
  if (!isDatabaseKind(kind)) {
    throw new TestDatabaseError('TEST_DATABASE_UNKNOWN_KIND', String(kind), 'not one of the known kinds')
  }
  const image = imageFor(kind)
  if (isLocalImage(image)) {
    // local images live only in this daemon: no Ryuk image to pull, no bridge network
    process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true'
    process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost'
  }
  const port = await freePort()
  const spec = containerSpec(kind, image, port)
  let container: StartedTestContainer
  try {
    let builder = new GenericContainer(image)
      .withNetworkMode('host')
      .withEnvironment(spec.env)
      .withWaitStrategy(Wait.forLogMessage(spec.readyLog, spec.readyTimes))
      .withStartupTimeout(STARTUP_TIMEOUT_MS)
    if (spec.command.length > 0) builder = builder.withCommand(spec.command)
    container = await builder.start()
  } catch (error) {
    const hint = isLocalImage(image) ? ' (build it with scripts/build-test-images)' : ''
    throw new TestDatabaseError('TEST_DATABASE_START_FAILED', kind, `could not start image ${image}${hint}`, {
      cause: error,
    })
  }
  let version: string
  try {
    version = await waitForServer(kind, spec.url, 120_000)
  } catch (error) {
    await container.stop().catch(() => undefined)
    throw error
  }
  const server = {
    kind,
    url: spec.url,
    host: '127.0.0.1',
    port,
    ...(spec.user === undefined ? {} : { user: spec.user }),
    ...(spec.password === undefined ? {} : { password: spec.password }),
    version,
  }
  return { container, server }
}

async function useRunningServer(kind: DatabaseKind, url: string): Promise<RunningDatabase> {
  let parsed: URL
  try {
    // mongodb URLs may list several hosts; the first one is enough here
    parsed = new URL(url.replace(/^(mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?[^,/]+),[^/]*/, '$1'))
  } catch (error) {
    throw new TestDatabaseError('TEST_DATABASE_BAD_URL', kind, `${urlVariable(kind)} is not a URL: ${redact(url)}`, {
      cause: error,
    })
  }
  const version = await waitForServer(kind, url, 30_000)
  const user = decodeURIComponent(parsed.username)
  const password = decodeURIComponent(parsed.password)
  return {
    kind,
    url,
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : DEFAULT_PORTS[kind],
    ...(user ? { user } : {}),
    ...(password ? { password } : {}),
    version,
    stop: async () => undefined,
  }
}
