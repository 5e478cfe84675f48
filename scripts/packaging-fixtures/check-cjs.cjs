// Runs in a throwaway project outside the repository, with @evtstore/core and
// @evtstore/conformance installed from their packed tarballs. Loaded as CommonJS.
const assert = require('node:assert/strict')
const {
  createAggregate,
  createCommands,
  createDomain,
  isCommandError,
  CommandError,
} = require('@evtstore/core')
const { createMemoryProvider } = require('@evtstore/core/memory')
const { runProviderConformance } = require('@evtstore/conformance')

async function main() {
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

  console.log(
    JSON.stringify({
      core: require.resolve('@evtstore/core'),
      memory: require.resolve('@evtstore/core/memory'),
      conformance: require.resolve('@evtstore/conformance'),
    }),
  )
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
