// Shared by check-esm.mjs and check-cjs.cjs: each loads the installed packages its own
// way (import or require) and hands a loader here, so both module systems are held to
// the same assertions. Runs in the throwaway project, never inside the repository.
//
// Every published package brings its own checks in `packaging/check.cjs` (copied here
// as checks/<package>.cjs): `peers` (checked against the manifest by the packaging
// script), optionally `run(kit)` for checks of its own, and, for a provider,
// `provider: { clientKey, required?, plain?, callable? }`, the options shape for the
// shared provider checks below. What they prove for each provider package:
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

async function checkProvider(name, mod, core, shape) {
  const required = shape.required ?? {}
  assert.equal(typeof mod.createProvider, 'function', `${name}: createProvider is a function`)
  assert.equal(typeof mod.migrate, 'function', `${name}: migrate is a function`)
  const options = (wire, tables) => ({ ...required, [shape.clientKey]: wire.client, ...tables })

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
 * Runs every package's checks. `checks` maps package names to their `packaging/check.cjs`
 * modules; `load` imports or requires a specifier; `resolve` is the module system's own
 * resolver, used to show that no driver is installed where the providers loaded.
 * Returns what ran, one line per package.
 */
async function runPackageChecks({ checks, load, resolve }) {
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
  const core = await load('@evtstore/core')
  const kit = { load, core, expectValidationError, syncError, tripwire }
  const done = []
  for (const [name, check] of Object.entries(checks)) {
    const parts = []
    if (typeof check.run === 'function') {
      await check.run(kit)
      parts.push('own checks')
    }
    if (check.provider !== undefined) {
      assert.equal(typeof check.provider.clientKey, 'string', `${name}: packaging/check.cjs provider.clientKey`)
      await checkProvider(name, await load(name), core, check.provider)
      parts.push('loads without its driver, refuses bad table names before any I/O')
    }
    if (name.startsWith('@evtstore/provider-') && check.provider === undefined && typeof check.run !== 'function') {
      throw new assert.AssertionError({ message: `${name}: packaging/check.cjs has neither provider nor run` })
    }
    done.push(`${name}: ${parts.join('; ') || 'peers only'}`)
  }
  return done
}

module.exports = { runPackageChecks }
