import mysql from 'mysql2/promise'
import pg from 'pg'

/** Runs one function with a node-postgres client on the URL, then closes it. */
async function withPg<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 30_000 })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** Runs one function with a mysql2 connection on the URL, then closes it. */
async function withMysql<T>(url: string, run: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ uri: url, connectTimeout: 30_000 })
  try {
    return await run(conn)
  } finally {
    await conn.end()
  }
}

/** `select version()` on a PostgreSQL server. */
export function postgresVersion(url: string): Promise<string> {
  return withPg(url, async (client) => (await client.query<{ version: string }>('select version()')).rows[0]!.version)
}

/** Creates a database (name already validated) on a PostgreSQL server. */
export function postgresCreate(url: string, name: string): Promise<void> {
  return withPg(url, async (client) => {
    await client.query(`CREATE DATABASE "${name}"`)
  })
}

/** Drops a database on a PostgreSQL server, ending its open sessions. */
export function postgresDrop(url: string, name: string): Promise<void> {
  return withPg(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  })
}

/** `select version()` on a MariaDB/MySQL server. */
export function mariadbVersion(url: string): Promise<string> {
  return withMysql(url, async (conn) => {
    const [rows] = await conn.query('select version() as version')
    return String((rows as Array<{ version: unknown }>)[0]!.version)
  })
}

/** Creates a database (name already validated) on a MariaDB/MySQL server. */
export function mariadbCreate(url: string, name: string): Promise<void> {
  return withMysql(url, async (conn) => {
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`)
  })
}

/** Drops a database on a MariaDB/MySQL server. */
export function mariadbDrop(url: string, name: string): Promise<void> {
  return withMysql(url, async (conn) => {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``)
  })
}
