import { isLocalImage } from './images.js'
import type { DatabaseKind } from './kinds.js'

/** How to run one server in a container with host networking on 127.0.0.1:port. */
export interface ContainerSpec {
  env: Record<string, string>
  command: string[]
  /** A log line (per line) that says the server is up; a real query follows anyway. */
  readyLog: RegExp
  /** How often readyLog must appear (official images run a temporary server first). */
  readyTimes: number
  /** The connection URL, user and password the server will accept. */
  url: string
  user?: string
  password?: string
}

/** The password the test servers are started with (loopback only, thrown away after). */
export const TEST_PASSWORD = 'evtstore-test'

/**
 * The container settings for a kind on a port: the official images take the port as a
 * server option or setting; the local images take it from `EVTSTORE_PORT`.
 * @example containerSpec('postgres', 'postgres:15.14', 54321).url
 *   // 'postgres://postgres:evtstore-test@127.0.0.1:54321/postgres'
 */
export function containerSpec(kind: DatabaseKind, image: string, port: number): ContainerSpec {
  const local = isLocalImage(image)
  const env: Record<string, string> = local ? { EVTSTORE_PORT: String(port) } : {}
  switch (kind) {
    case 'postgres': {
      const settings = ['-c', 'fsync=off', '-c', 'max_connections=1000']
      return {
        env: { ...env, POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: TEST_PASSWORD },
        command: local ? settings : ['-p', String(port), '-c', 'listen_addresses=127.0.0.1', ...settings],
        readyLog: /database system is ready to accept connections/,
        readyTimes: local ? 1 : 2,
        url: `postgres://postgres:${TEST_PASSWORD}@127.0.0.1:${port}/postgres`,
        user: 'postgres',
        password: TEST_PASSWORD,
      }
    }
    case 'mariadb': {
      const settings = [
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        '--max-connections=1000',
        '--innodb-flush-log-at-trx-commit=2',
      ]
      return {
        env: { ...env, MARIADB_ROOT_PASSWORD: TEST_PASSWORD },
        command: local ? settings : [`--port=${port}`, '--bind-address=127.0.0.1', ...settings],
        // the real server's line names its port; an official image's temporary one says 0
        readyLog: new RegExp(`port: ${port}\\b`),
        readyTimes: 1,
        url: `mysql://root:${TEST_PASSWORD}@127.0.0.1:${port}/`,
        user: 'root',
        password: TEST_PASSWORD,
      }
    }
    case 'mongo':
      return {
        // the local image is FerretDB: a static binary, no shell to read EVTSTORE_PORT
        env,
        command: local ? [`--listen-addr=127.0.0.1:${port}`] : ['--port', String(port), '--bind_ip', '127.0.0.1'],
        readyLog: local ? /Listening on/i : /Waiting for connections/,
        readyTimes: 1,
        url: `mongodb://127.0.0.1:${port}/`,
      }
    case 'neo4j5':
    case 'neo4j44':
    case 'neo4j35': {
      const prefix = kind === 'neo4j5' ? 'NEO4J_server' : 'NEO4J_dbms'
      const official: Record<string, string> = {
        NEO4J_AUTH: 'none',
        [`${prefix}_default__listen__address`]: '127.0.0.1',
        [kind === 'neo4j5' ? 'NEO4J_server_bolt_listen__address' : 'NEO4J_dbms_connector_bolt_listen__address']:
          `127.0.0.1:${port}`,
        [kind === 'neo4j5' ? 'NEO4J_server_http_enabled' : 'NEO4J_dbms_connector_http_enabled']: 'false',
        [kind === 'neo4j5' ? 'NEO4J_server_memory_heap_max__size' : 'NEO4J_dbms_memory_heap_max__size']: '1G',
      }
      return {
        env: local ? env : official,
        command: [],
        readyLog: local ? /boltURI/ : /Started\./,
        readyTimes: 1,
        url: `bolt://127.0.0.1:${port}`,
      }
    }
  }
}
