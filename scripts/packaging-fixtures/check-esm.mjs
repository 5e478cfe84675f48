// Runs in a throwaway project outside the repository, with @evtstore/core and
// @evtstore/conformance installed from their packed tarballs. Loaded as an ES module.
import assert from 'node:assert/strict'
import { createAggregate, createCommands, createDomain, isCommandError, CommandError } from '@evtstore/core'
import { createMemoryProvider } from '@evtstore/core/memory'
import { runProviderConformance } from '@evtstore/conformance'

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
    core: import.meta.resolve('@evtstore/core'),
    memory: import.meta.resolve('@evtstore/core/memory'),
    conformance: import.meta.resolve('@evtstore/conformance'),
  }),
)
