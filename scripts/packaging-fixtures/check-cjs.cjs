// Runs in a throwaway project outside the repository, with every published @evtstore
// package installed from its packed tarball and no driver installed. Loaded as CommonJS.
// Prints, as its last line, where each entry point resolved (the packaging check makes
// sure each is the CommonJS build).
const assert = require('node:assert/strict')
const core = require('@evtstore/core')
const { createMemoryProvider } = require('@evtstore/core/memory')
const { runProviderConformance } = require('@evtstore/conformance')
const { runPackageChecks } = require('./package-checks.cjs')

async function main() {
  const { createAggregate, createCommands, createDomain, isCommandError, CommandError } = core
  const counter = createAggregate({
    stream: 'counter',
    create: () => ({ total: 0 }),
    fold: (ev, state) => ({ total: state.total + ev.by }),
  })
  const { domain } = createDomain({ provider: createMemoryProvider() }, { counter })
  const cmds = createCommands(domain.counter, {
    add(cmd) {
      if (cmd.by <= 0) throw new CommandError('must add a positive number')
      return { type: 'added', by: cmd.by }
    },
  })

  const state = await cmds.add('c-1', { by: 2 })
  assert.equal(state.total, 2, 'the command folded its event')
  assert.equal(state.version, 1, 'the command appended one event')
  const refused = await cmds.add('c-1', { by: -1 }).catch((err) => err)
  assert.ok(isCommandError(refused), 'a refused command throws a CommandError')
  assert.equal(typeof runProviderConformance, 'function', 'runProviderConformance is a function')

  // Each package's own checks (its packaging/check.cjs, copied to checks/ by the packaging script).
  const listed = require('./checks.json')
  const checks = Object.fromEntries(Object.entries(listed).map(([name, file]) => [name, require(file)]))
  const ran = await runPackageChecks({
    checks,
    load: async (specifier) => require(specifier),
    resolve: (specifier) => require.resolve(specifier),
  })
  for (const line of ran) console.log(line)

  // Every entry point of every installed package (written by the packaging check), loaded.
  const entries = require('./entries.json')
  const resolved = {}
  for (const specifier of entries) {
    const mod = require(specifier)
    assert.ok(Object.keys(mod).length > 0, `${specifier} exports nothing`)
    resolved[specifier] = require.resolve(specifier)
  }
  console.log(JSON.stringify(resolved))
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
