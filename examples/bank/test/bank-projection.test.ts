import { createMemoryProvider } from '@evtstore/core/memory'
import { createBank } from '../src/bank.js'

describe('the bank read model', () => {
  it('keeps balances and the ledger from the account stream', async () => {
    const bank = createBank(createMemoryProvider())
    await bank.accounts.open('a', { owner: 'Ada' })
    await bank.accounts.open('b', { owner: 'Bob' })
    await bank.accounts.deposit('a', { amount: 900 })
    await bank.transfer({ transferId: 't1', from: 'a', to: 'b', amount: 250 })

    const first = await bank.projection.runOnce()
    expect(first.handled).toBe(5)
    expect((await bank.view.allBalances()).map((r) => [r.accountId, r.balance])).toEqual([
      ['a', 650],
      ['b', 250],
    ])
    expect(await bank.view.transfers()).toEqual([
      { transferId: 't1', from: 'a', to: 'b', amount: 250, status: 'completed' },
    ])

    await bank.accounts.withdraw('b', { amount: 50 })
    const second = await bank.projection.runOnce()
    expect(second.handled).toBe(1)
    expect((await bank.view.balance('b'))?.balance).toBe(200)
  })

  it('ignores events delivered a second time', async () => {
    const bank = createBank(createMemoryProvider())
    await bank.accounts.open('a', { owner: 'Ada' })
    await bank.accounts.deposit('a', { amount: 900 })
    await bank.accounts.withdraw('a', { amount: 100 })
    await bank.projection.runOnce()

    // Rewind the bookmark without clearing the tables: every event arrives again.
    await bank.projection.reset()
    const again = await bank.projection.runOnce()
    expect(again.handled).toBe(3)
    expect(await bank.view.balance('a')).toMatchObject({ balance: 800, version: 3 })
  })
})
