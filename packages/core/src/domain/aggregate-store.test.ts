import { createAggregate } from '../aggregate.js'
import { createCommands } from '../commands/create-commands.js'
import { createDomain } from '../create-domain.js'
import { ValidationError } from '../errors.js'
import { createMemoryProvider } from '../memory/memory-provider.js'

type CounterEvent = { type: 'added'; n: number }

class Counter {
  total = 0
}

function domainWith(create: () => { total: number }) {
  const counter = createAggregate({
    stream: 'counter',
    create,
    fold: (ev: CounterEvent, state: { total: number }) => ({ total: state.total + ev.n }),
  })
  return createDomain({ provider: createMemoryProvider() }, { counter }).domain
}

describe('AggregateStore: create()', () => {
  it('refuses a create() that returns a class instance, naming create() in the error', async () => {
    const domain = domainWith(() => new Counter())
    const cmds = createCommands(domain.counter, { add: (cmd: { n: number }) => ({ type: 'added' as const, n: cmd.n }) })
    for (const attempt of [() => domain.counter.getAggregate('a'), () => cmds.add('a', { n: 1 })]) {
      const err: unknown = await attempt().catch((caught: unknown) => caught)
      expect(err).toBeInstanceOf(ValidationError)
      expect(err).toMatchObject({ path: 'create()' })
      expect((err as Error).message).toMatch(/plain object/)
    }
    expect(await domain.counter.getEvents('a')).toEqual([])
  })

  it('hands out copies of a plain create() state: editing one changes no other', async () => {
    const domain = domainWith(() => ({ total: 0 }))
    await domain.counter.append('a', [{ type: 'added', n: 5 }], { expectedVersion: 0 })
    const first = await domain.counter.getAggregate('a')
    first.total = 1_000_000
    const again = await domain.counter.getAggregate('a')
    expect(again).not.toBe(first)
    expect(again.total).toBe(5)
  })
})
