// Type-checked in a throwaway project against the packed tarballs' declarations. The
// packaging check copies this file to `types-esm.mts` and `types-cjs.cts` and compiles
// each with `--module node16`, so both the `import` and the `require` conditions of the
// exports maps are resolved the way Node resolves them.
import { createAggregate, createCommands, createDomain, type Provider } from '@evtstore/core'
import { createMemoryProvider } from '@evtstore/core/memory'
import { runProviderConformance } from '@evtstore/conformance'

type CounterEvent = { type: 'added'; by: number } | { type: 'cleared' }

const counter = createAggregate({
  stream: 'counter',
  create: (): { total: number } => ({ total: 0 }),
  fold: (ev: CounterEvent, state: { total: number }) =>
    ev.type === 'added' ? { total: state.total + ev.by } : { total: 0 },
})

const provider: Provider = createMemoryProvider()
const { domain, createHandler } = createDomain({ provider }, { counter })
const cmds = createCommands(domain.counter, {
  add: (cmd: { by: number }) => ({ type: 'added', by: cmd.by }),
})

export async function use(): Promise<number> {
  const state = await cmds.add('c-1', { by: 2 })
  // @ts-expect-error the body has the wrong type: the declarations are real, not `any`
  await cmds.add('c-1', { by: 'two' })
  return state.total + state.version
}

const totals = createHandler('totals', ['counter'], { batchSize: 10 })
totals.handle('counter', 'added', async (_id, ev) => {
  const by: number = ev.by
  void by
})
// @ts-expect-error the counter stream has no 'removed' event
totals.handle('counter', 'removed', async () => {})

export const suite: typeof runProviderConformance = runProviderConformance
