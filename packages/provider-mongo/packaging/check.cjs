// Checks of the installed @evtstore/provider-mongo tarball, run by scripts/check-packaging.mjs:
// it loads without mongodb installed, refuses bad collection names and options with a
// ValidationError before any I/O, and does reach its collections once names are good.
'use strict'

/**
 * A collection stand-in built on the kit's tripwire: its name fields are plain values, its
 * database hands out more tripwire collections, and every method records and throws.
 */
function tripwireCollection(tripwire, name) {
  const wire = tripwire(`mongo ${name}`, {
    plain: {
      collectionName: name,
      dbName: 'app',
      db: { collection: (other) => tripwireCollection(tripwire, other).client },
    },
  })
  return wire
}

module.exports = {
  peers: ['@evtstore/core', 'mongodb'],
  async run({ load, core, tripwire, expectValidationError, syncError }) {
    const mod = await load('@evtstore/provider-mongo')
    if (typeof mod.createProvider !== 'function' || typeof mod.migrate !== 'function') {
      throw new Error('@evtstore/provider-mongo: createProvider and migrate must be functions')
    }
    const bad = ['events; drop', 'ev"ents', '', '1events', 'app.events', 'e'.repeat(64), 'évènements']
    for (const name of bad) {
      for (const key of ['events', 'bookmarks']) {
        const where = `@evtstore/provider-mongo ${key} ${JSON.stringify(name)}`
        const events = tripwireCollection(tripwire, key === 'events' ? name : 'events')
        const bookmarks = tripwireCollection(tripwire, key === 'bookmarks' ? name : 'bookmarks')
        const err = syncError(() => mod.createProvider({ events: events.client, bookmarks: bookmarks.client }))
        expectValidationError(err, core, `${where}: createProvider`)
        const migrateErr = await mod.migrate(events.client, bookmarks.client).then(() => undefined, (e) => e)
        expectValidationError(migrateErr, core, `${where}: migrate`)
        if (events.calls.length + bookmarks.calls.length > 0) throw new Error(`${where}: the collections were used before refusing`)
      }
    }
    const limitErr = syncError(() =>
      mod.createProvider({ events: tripwireCollection(tripwire, 'events').client, bookmarks: tripwireCollection(tripwire, 'bookmarks').client, limit: 0 }),
    )
    expectValidationError(limitErr, core, '@evtstore/provider-mongo limit 0')
    // Control: with good names nothing happens until asked, and then the collections are used.
    const events = tripwireCollection(tripwire, 'events')
    const bookmarks = tripwireCollection(tripwire, 'bookmarks')
    const provider = mod.createProvider({ events: events.client, bookmarks: bookmarks.client })
    await new Promise((resolve) => setImmediate(resolve))
    if (events.calls.length + bookmarks.calls.length > 0) throw new Error('@evtstore/provider-mongo: used a collection before being asked to')
    const readErr = await provider.getBookmark('packaging-check').then(() => undefined, (e) => e)
    if (readErr === undefined || readErr.code !== 'PROVIDER_FAILURE' || bookmarks.calls.length === 0) {
      throw new Error('@evtstore/provider-mongo: getBookmark on a failing collection must call it and fail with ProviderError')
    }
    const migrateErr = await mod.migrate(events.client, bookmarks.client).then(() => undefined, (e) => e)
    if (migrateErr === undefined || events.calls.length === 0) throw new Error('@evtstore/provider-mongo: migrate never used the collection')
  },
}
