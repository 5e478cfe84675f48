import { MongoClient } from 'mongodb'

// 30 s, as for the SQL admin connections: a shared FerretDB under a full test run can be
// slow to answer (a 5 s limit failed the release rehearsal once).
async function withMongo<T>(url: string, run: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 30_000, connectTimeoutMS: 30_000 })
  try {
    await client.connect()
    return await run(client)
  } finally {
    await client.close()
  }
}

/**
 * The server's own version from `buildInfo`; FerretDB adds its own version, e.g.
 * `7.0.77 (FerretDB v1.24.2)`.
 */
export function mongoVersion(url: string): Promise<string> {
  return withMongo(url, async (client) => {
    const info = await client.db('admin').command({ buildInfo: 1 })
    const ferret = typeof info.ferretdbVersion === 'string' ? ` (FerretDB ${info.ferretdbVersion})` : ''
    return `${String(info.version)}${ferret}`
  })
}

/** Drops one database. */
export function mongoDrop(url: string, name: string): Promise<void> {
  return withMongo(url, async (client) => {
    await client.db(name).dropDatabase()
  })
}

/**
 * The URL with its database path replaced by `name`, keeping hosts and options.
 * @example mongoUrlWithDatabase('mongodb://127.0.0.1:27017/?x=1', 'db1') // 'mongodb://127.0.0.1:27017/db1?x=1'
 */
export function mongoUrlWithDatabase(url: string, name: string): string {
  const schemeEnd = url.indexOf('://') + 3
  const queryStart = url.indexOf('?', schemeEnd)
  const base = queryStart === -1 ? url : url.slice(0, queryStart)
  const query = queryStart === -1 ? '' : url.slice(queryStart)
  const slash = base.indexOf('/', schemeEnd)
  const hosts = slash === -1 ? base : base.slice(0, slash)
  return `${hosts}/${name}${query}`
}
