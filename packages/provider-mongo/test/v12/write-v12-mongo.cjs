// Writes an evtstore@12 store with v12's own mongo provider (domain, commands, handlers)
// into the collections `events` and `bookmarks` and prints what it wrote as JSON:
//   node write-v12-mongo.cjs URL MODE PREFIX
// MODE says how the server is met:
//   as-is      v12's migrate() and provider, untouched: what MongoDB itself holds after v12.
//   fill-in    the same, but the events collection v12 is given fills in each empty BSON
//              Timestamp of an insert before sending it — what MongoDB's server does on
//              insert and FerretDB does not (there every v12 position stays Timestamp(0, 0)
//              and v12's unique {stream, position} index refuses a stream's second event).
//              Everything else is v12's own code: its positions, handlers and bookmarks.
//   no-migrate v12's provider untouched, without v12's migrate(): on FerretDB every event
//              is stored with the empty Timestamp, and v12's handlers see none of them.
const { MongoClient, Timestamp } = require('mongodb')
const v12 = require('evtstore/provider/mongo')
const { printAndExit, writeV12Store } = require('@evtstore/v12-test-kit')

const [url, mode, prefix] = process.argv.slice(2)
if (!['as-is', 'fill-in', 'no-migrate'].includes(mode)) throw new Error(`unknown mode ${mode}`)

/**
 * MongoDB's fill-in of empty Timestamps: seconds, then a counter within the second. The
 * second moves on every 8 inserts (as for a writer of 8 events a second), so the store
 * spans several seconds and only t-then-i order is right.
 */
function timestampFiller() {
  let t = Math.floor(Date.now() / 1000)
  let i = 0
  return () => {
    if (i === 8) {
      t += 1
      i = 0
    }
    i += 1
    return new Timestamp({ t, i })
  }
}

function fillingEmptyTimestamps(collection) {
  const next = timestampFiller()
  const empty = (value) => value instanceof Timestamp && value.isZero()
  const fill = (doc) =>
    Object.fromEntries(Object.entries(doc).map(([key, value]) => [key, key !== '_id' && empty(value) ? next() : value]))
  return new Proxy(collection, {
    get(target, property) {
      if (property === 'insertMany') return (docs, options) => target.insertMany(docs.map(fill), options)
      if (property === 'insertOne') return (doc, options) => target.insertOne(fill(doc), options)
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

printAndExit(async () => {
  const client = await MongoClient.connect(url)
  try {
    const db = client.db()
    const events = mode === 'fill-in' ? fillingEmptyTimestamps(db.collection('events')) : db.collection('events')
    const bookmarks = db.collection('bookmarks')
    if (mode !== 'no-migrate') await v12.migrate(events, bookmarks)
    const provider = v12.createProvider({ events, bookmarks })
    return await writeV12Store(require('evtstore'), provider, prefix)
  } finally {
    await client.close()
  }
})
