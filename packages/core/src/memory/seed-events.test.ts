import { account } from '../../test/fixtures.js'
import { createDomain } from '../create-domain.js'
import { isValidationError } from '../errors.js'
import { createMemoryProvider } from './memory-provider.js'
import type { SeedEvent } from './seed-events.js'

const seed: SeedEvent[] = [
  { stream: 'account', aggregateId: 'a', version: 1, position: 3, timestamp: '2020-01-02T03:04:05.000Z', id: 'e1', event: { type: 'opened', owner: 'ada' } },
  { stream: 'other', aggregateId: 'a', version: 1, position: '7', event: { type: 'noted' } },
  { stream: 'account', aggregateId: 'a', version: 2, position: 12, timestamp: new Date(5), event: { type: 'deposited', amount: 5 }, meta: { correlationId: 'c' } },
]

function refusal(events: unknown[]): { path: string; message: string } {
  try {
    createMemoryProvider({ events: events as SeedEvent[] })
  } catch (err) {
    if (isValidationError(err)) return { path: err.path, message: err.message }
    throw err
  }
  throw new Error('expected a ValidationError')
}

describe('createMemoryProvider({ events })', () => {
  it('starts from the given events: aggregates fold, the log keeps their positions, appends continue after them', async () => {
    const provider = createMemoryProvider({ events: seed, limit: 1 })
    const { domain } = createDomain({ provider }, { account })
    expect(await domain.account.getAggregate('a')).toMatchObject({ owner: 'ada', balance: 5, version: 2 })
    const [first] = await domain.account.getEvents('a')
    expect(first).toMatchObject({ id: 'e1', position: '3', timestamp: new Date('2020-01-02T03:04:05.000Z') })
    // Paging with limit 1 across gaps in the positions: each read starts after the one before.
    const log: string[] = []
    let after = '0'
    for (;;) {
      const page = await provider.readLog({ streams: ['account', 'other'], after, limit: 10 })
      if (page.length === 0) break
      log.push(...page.map((e) => e.position))
      after = page[page.length - 1]!.position
    }
    expect(log).toEqual(['3', '7', '12'])
    expect((await provider.readLog({ streams: ['account'], after: '4', limit: 10 }))[0]!.position).toBe('12')
    const [next] = await domain.account.append('a', [{ type: 'deposited', amount: 1 }], { expectedVersion: 2 })
    expect(next!.position).toBe('13')
    await expect(domain.account.append('a', [{ type: 'deposited', amount: 1 }], { expectedVersion: 2 })).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    })
    // The seed's ids count: reusing one is a duplicate.
    await expect(provider.append({ stream: 'account', aggregateId: 'b', expectedVersion: 0, events: [{ id: 'e1', event: { type: 'opened' } }] })).rejects.toMatchObject({
      code: 'DUPLICATE_EVENT',
    })
  })

  it('copies the array: changing it later changes nothing', async () => {
    const events = seed.map((e) => ({ ...e, event: { ...e.event } }))
    const provider = createMemoryProvider({ events })
    ;(events[0]!.event as { owner: string }).owner = 'eve'
    events.pop()
    expect((await provider.readAggregate({ stream: 'account', aggregateId: 'a', afterVersion: 0, limit: 10 })).map((e) => e.event)).toEqual([
      { type: 'opened', owner: 'ada' },
      { type: 'deposited', amount: 5 },
    ])
  })

  it('refuses a bad seed with a ValidationError naming the event', () => {
    const ok = (n: number) => ({ stream: 's', aggregateId: 'x', version: n, position: n, event: { type: 't' } })
    expect(refusal([ok(1), { ...ok(3), position: 3 }])).toMatchObject({ path: 'options.events[1].version' })
    expect(refusal([ok(1), { ...ok(3), position: 3 }]).message).toMatch(/event 1 \(s\/x\): must be 2/)
    expect(refusal([{ ...ok(2) }])).toMatchObject({ path: 'options.events[0].version' })
    expect(refusal([ok(1), { ...ok(2), position: 1 }])).toMatchObject({ path: 'options.events[1].position' })
    expect(refusal([{ ...ok(1), position: 0 }])).toMatchObject({ path: 'options.events[0].position' })
    expect(refusal([{ ...ok(1), position: 1.5 }])).toMatchObject({ path: 'options.events[0].position' })
    expect(refusal([{ ...ok(1), position: '9223372036854775808' }])).toMatchObject({ path: 'options.events[0].position' })
    expect(refusal([{ ...ok(1), event: { type: 't', n: 10n } }])).toMatchObject({ path: 'options.events[0].event.n' })
    expect(refusal([{ ...ok(1), event: { n: 1 } }])).toMatchObject({ path: 'options.events[0].event.type' })
    expect(refusal([{ ...ok(1), id: 'same' }, { ...ok(2), id: 'same' }])).toMatchObject({ path: 'options.events[1].id' })
    expect(refusal([{ ...ok(1), timestamp: 'yesterday' }])).toMatchObject({ path: 'options.events[0].timestamp' })
    expect(refusal([{ ...ok(1), stream: '' }])).toMatchObject({ path: 'options.events[0].stream' })
    expect(refusal([{ ...ok(1), meta: { user: { a: () => 1 } } }])).toMatchObject({ path: 'options.events[0].meta.user.a' })
    expect(() => createMemoryProvider({ events: {} as never })).toThrow(/options\.events: must be an array/)
  })
})
