import { isCommandError } from '@evtstore/core'
import { createMemoryProvider } from '@evtstore/core/memory'
import { createBank } from '../src/bank.js'
import { ruleOf } from '../src/domain/rules.js'

async function refusal(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run()
  } catch (err) {
    if (isCommandError(err)) return ruleOf(err)
    throw err
  }
  return undefined
}

async function fundedBank() {
  const bank = createBank(createMemoryProvider())
  await bank.accounts.open('a', { owner: 'Ada' })
  await bank.accounts.open('b', { owner: 'Bob' })
  await bank.accounts.deposit('a', { amount: 1_000 })
  return bank
}

describe('account commands', () => {
  it('refuses an overdraft and stores nothing', async () => {
    const bank = await fundedBank()
    expect(await refusal(() => bank.accounts.withdraw('a', { amount: 1_001 }))).toBe('INSUFFICIENT_FUNDS')
    const state = await bank.domain.account.getAggregate('a')
    expect([state.balance, state.version]).toEqual([1_000, 2])
    await bank.accounts.withdraw('a', { amount: 1_000 })
    expect((await bank.domain.account.getAggregate('a')).balance).toBe(0)
  })

  it('refuses amounts that are not positive whole cents', async () => {
    const bank = await fundedBank()
    for (const amount of [0, -1, 1.5, Number.NaN]) {
      expect(await refusal(() => bank.accounts.deposit('a', { amount }))).toBe('AMOUNT_NOT_POSITIVE')
    }
  })

  it('refuses unknown and closed accounts, and closing an account that holds money', async () => {
    const bank = await fundedBank()
    expect(await refusal(() => bank.accounts.deposit('nobody', { amount: 5 }))).toBe('ACCOUNT_UNKNOWN')
    expect(await refusal(() => bank.accounts.close('a', {}))).toBe('BALANCE_NOT_ZERO')
    await bank.accounts.close('b', {})
    expect(await refusal(() => bank.accounts.deposit('b', { amount: 5 }))).toBe('ACCOUNT_CLOSED')
    expect(await refusal(() => bank.accounts.open('b', { owner: 'Bob' }))).toBe('ACCOUNT_EXISTS')
  })

  it('fills in the command, stream and aggregate of a refusal', async () => {
    const bank = await fundedBank()
    const err = await bank.accounts.withdraw('a', { amount: 5_000 }).catch((e: unknown) => e)
    expect(err).toMatchObject({
      code: 'COMMAND_REJECTED',
      command: 'withdraw',
      stream: 'account',
      aggregateId: 'a',
      details: { rule: 'INSUFFICIENT_FUNDS', balance: 1_000, amount: 5_000 },
    })
  })
})

describe('transfer', () => {
  it('moves money and tags both events with the transfer id as correlation id', async () => {
    const bank = await fundedBank()
    await bank.transfer({ transferId: 't1', from: 'a', to: 'b', amount: 400 })
    const [a, b] = await Promise.all([
      bank.domain.account.getAggregate('a'),
      bank.domain.account.getAggregate('b'),
    ])
    expect([a.balance, b.balance]).toEqual([600, 400])
    const tagged = [
      ...(await bank.domain.account.getEvents('a')),
      ...(await bank.domain.account.getEvents('b')),
    ]
      .filter((e) => e.meta?.correlationId === 't1')
      .map((e) => `${e.aggregateId}:${e.event.type}`)
    expect(tagged).toEqual(['a:withdrawn', 'b:deposited'])
  })

  it('refunds the withdrawal when the deposit is refused', async () => {
    const bank = await fundedBank()
    await bank.accounts.close('b', {})
    expect(await refusal(() => bank.transfer({ transferId: 't2', from: 'a', to: 'b', amount: 400 }))).toBe(
      'TRANSFER_REFUNDED',
    )
    const events = await bank.domain.account.getEvents('a')
    expect(events.map((e) => e.event.type)).toEqual(['opened', 'deposited', 'withdrawn', 'refunded'])
    expect((await bank.domain.account.getAggregate('a')).balance).toBe(1_000)
  })

  it('moves the money once when the same transfer is run twice', async () => {
    const bank = await fundedBank()
    await bank.transfer({ transferId: 't3', from: 'a', to: 'b', amount: 300 })
    await bank.transfer({ transferId: 't3', from: 'a', to: 'b', amount: 300 })
    const [a, b] = await Promise.all([
      bank.domain.account.getAggregate('a'),
      bank.domain.account.getAggregate('b'),
    ])
    expect([a.balance, a.version, b.balance, b.version]).toEqual([700, 3, 300, 2])
  })

  it('refuses a transfer to the same account', async () => {
    const bank = await fundedBank()
    expect(await refusal(() => bank.transfer({ transferId: 't4', from: 'a', to: 'a', amount: 1 }))).toBe(
      'SAME_ACCOUNT',
    )
  })
})
