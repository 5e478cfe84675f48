import { createProvider, migrate } from '../src/index.js'
import { openTestStore, type TestStore } from './support/test-stores.js'

// What one append sends to MariaDB: the transaction, the counter row, the head, and one
// INSERT that also returns the server's timestamp (no fourth statement to read it back).

let store: TestStore
beforeAll(async () => {
  store = await openTestStore('mariadb')
  await migrate({ client: store.db })
}, 60_000)
afterAll(() => store?.close())

it('appends in five statements, the insert returning the stored timestamp', async () => {
  const provider = createProvider({ client: store.db })
  const sent: string[] = []
  const record = (query: { sql: string }) => void sent.push(query.sql.trim().split(/\s+/)[0]!.toUpperCase())
  await provider.append({ stream: 's', aggregateId: 'a', expectedVersion: 0, events: [{ id: 'e0', event: { type: 't' } }] })
  store.db.on('query', record)
  try {
    const [stored] = await provider.append({ stream: 's', aggregateId: 'a', expectedVersion: 1, events: [{ id: 'e1', event: { type: 't' } }] })
    expect(sent).toEqual(['BEGIN;', 'UPDATE', 'SELECT', 'INSERT', 'COMMIT;'])
    const [read] = await provider.readAggregate({ stream: 's', aggregateId: 'a', afterVersion: 1, limit: 10 })
    expect(read!.timestamp.getTime()).toBe(stored!.timestamp.getTime())
  } finally {
    store.db.off('query', record)
  }
}, 60_000)
