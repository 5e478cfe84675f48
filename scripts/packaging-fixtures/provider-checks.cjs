// Shared by check-esm.mjs and check-cjs.cjs: each loads the installed packages its own
// way (import or require) and hands the modules here, so both module systems are held
// to the same assertions. Runs in the throwaway project, never inside the repository.
//
// What it proves for each provider package:
//   - `createProvider` and `migrate` are functions;
//   - the provider loaded although its driver (pg, postgres, knex, ...) is not installed:
//     the driver is a peer the user brings, never required at import time;
//   - bad table names are refused with core's ValidationError (code VALIDATION_FAILED)
//     before any I/O: the client given is a tripwire that records and throws on any call;
//   - the tripwire does catch I/O: with valid names, createProvider still makes no call
//     (no connection the user did not ask for), and the first read and `migrate` do call it.
'use strict'
const assert = require('node:assert/strict')

/** Drivers the users bring; none of them is installed in the throwaway project. */
const DRIVERS = ['pg', 'postgres', 'knex', 'better-sqlite3', 'mysql2', 'sqlite3', 'mongodb', 'neo4j-driver']

const BAD_NAMES = [
  'events; drop table users',
  'events"',
  '',
  '1events',
  'app.events.extra',
  'e'.repeat(64),
  'évènements',
]

/**
 * A client stand-in that fails loudly when used: any method called on it (or the value
 * itself, when called) is recorded and throws. It answers nothing, so it is no database
 * mock; it only shows whether the provider tried to do I/O. `plain` adds plain fields
 * (knex reads its dialect from `client`); `callable` makes it a function, as postgres.js's
 * `sql` is. It is never thenable.
 */
function tripwire(label, { plain = {}, callable = false } = {}) {
  const calls = []
  const hit = (what) => {
    calls.push(what)
    throw new Error(`tripwire: ${label}.${what} was called`)
  }
  const client = new Proxy(callable ? function tripwireClient() {} : {}, {
    get(_target, key) {
      if (key === 'then' || typeof key === 'symbol') return undefined
      if (Object.prototype.hasOwnProperty.call(plain, key)) return plain[key]
      return (..._args) => hit(String(key))
    },
    apply: () => hit('(call)'),
  })
  return { client, calls }
}

/** The shape of each provider's options: which key carries the client, what else it needs. */
const PROVIDERS = {
  '@evtstore/provider-pg': {
    clientKey: 'client',
    required: {},
  },
  '@evtstore/provider-postgres': {
    clientKey: 'sql',
    required: {},
    callable: true,
  },
  '@evtstore/provider-knex': {
    clientKey: 'client',
    required: { events: 'events', bookmarks: 'bookmarks' },
    plain: { client: { dialect: 'postgresql', driverName: 'pg' } },
  },
}

function expectValidationError(err, core, where) {
  assert.ok(err instanceof Error, `${where}: expected a ValidationError, got ${String(err)}`)
  assert.ok(
    err instanceof core.ValidationError,
    `${where}: threw ${err.name} (${err.message}), not the ValidationError of the installed @evtstore/core`,
  )
  assert.equal(err.code, 'VALIDATION_FAILED', `${where}: error code`)
  assert.ok(core.isValidationError(err), `${where}: isValidationError() recognises it`)
}

function syncError(fn) {
  try {
    fn()
  } catch (err) {
    return err
  }
  return undefined
}

async function checkProvider(name, mod, core) {
  const shape = PROVIDERS[name]
  assert.ok(shape, `no checks are defined for ${name}`)
  assert.equal(typeof mod.createProvider, 'function', `${name}: createProvider is a function`)
  assert.equal(typeof mod.migrate, 'function', `${name}: migrate is a function`)
  const options = (wire, tables) => ({ ...shape.required, [shape.clientKey]: wire.client, ...tables })

  for (const bad of BAD_NAMES) {
    for (const key of ['events', 'bookmarks']) {
      const where = `${name} ${key}: ${JSON.stringify(bad)}`
      const wire = tripwire(name, shape)
      const err = syncError(() => mod.createProvider(options(wire, { [key]: bad })))
      assert.ok(err !== undefined, `${where}: createProvider accepted an invalid table name`)
      expectValidationError(err, core, `${where}: createProvider`)
      assert.deepEqual(wire.calls, [], `${where}: createProvider touched the client before refusing`)

      const migrateWire = tripwire(name, shape)
      let migrateErr
      try {
        await mod.migrate(options(migrateWire, { [key]: bad }))
      } catch (caught) {
        migrateErr = caught
      }
      assert.ok(migrateErr !== undefined, `${where}: migrate accepted an invalid table name`)
      expectValidationError(migrateErr, core, `${where}: migrate`)
      assert.deepEqual(migrateWire.calls, [], `${where}: migrate touched the client before refusing`)
    }
  }

  // Control: the tripwire sees I/O when there is some, so the empty call lists above mean something.
  const wire = tripwire(name, shape)
  const provider = mod.createProvider(options(wire, { events: 'events', bookmarks: 'bookmarks' }))
  assert.deepEqual(wire.calls, [], `${name}: createProvider with valid names made a call on the client`)
  await new Promise((resolve) => setImmediate(resolve))
  assert.deepEqual(wire.calls, [], `${name}: the provider used the client before being asked to`)
  const readErr = await provider.getBookmark('packaging-check').then(
    () => undefined,
    (err) => err,
  )
  assert.ok(readErr !== undefined, `${name}: getBookmark succeeded on a client that throws`)
  assert.ok(wire.calls.length > 0, `${name}: getBookmark never called the client`)
  assert.equal(readErr.code, 'PROVIDER_FAILURE', `${name}: a failing client surfaces as a ProviderError`)

  const migrateWire = tripwire(name, shape)
  const migrateErr = await Promise.resolve()
    .then(() => mod.migrate(options(migrateWire, { events: 'events', bookmarks: 'bookmarks' })))
    .then(
      () => undefined,
      (err) => err,
    )
  assert.ok(migrateErr !== undefined, `${name}: migrate succeeded on a client that throws`)
  assert.ok(migrateWire.calls.length > 0, `${name}: migrate with valid names never called the client`)
}

/**
 * Runs every check. `resolve` is the module system's own resolver (import.meta.resolve or
 * require.resolve), used to show that no driver is installed where the providers loaded.
 */
async function runProviderChecks({ core, toolkit, providers, resolve }) {
  for (const driver of DRIVERS) {
    let found
    try {
      found = resolve(driver)
    } catch {
      continue
    }
    throw new assert.AssertionError({
      message: `driver ${driver} resolves to ${found} in the throwaway project, so it cannot show that providers load without their drivers`,
    })
  }
  assert.deepEqual(
    Object.keys(providers).sort(),
    Object.keys(PROVIDERS).sort(),
    'the fixture loaded exactly the providers this file has checks for',
  )
  const refused = syncError(() => toolkit.parseTableName('events; drop table users', 'options.events'))
  expectValidationError(refused, core, '@evtstore/core/toolkit parseTableName')
  for (const [name, mod] of Object.entries(providers)) await checkProvider(name, mod, core)
  return Object.keys(PROVIDERS)
}

module.exports = { runProviderChecks, PROVIDERS }
