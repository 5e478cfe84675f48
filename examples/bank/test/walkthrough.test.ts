import { createMemoryProvider } from '@evtstore/core/memory'
import { runWalkthrough } from '../src/walkthrough/run-walkthrough.js'

describe('the bank walkthrough', () => {
  it('ends with the balances, ledger and refusals the story implies', async () => {
    const lines: string[] = []
    const result = await runWalkthrough(createMemoryProvider(), (line) => lines.push(line))

    // Ada: +100.00, -25.00 (tr-1), -10.00 +10.00 (tr-2 refunded), -30.00 -20.00 (race) = 25.00
    // Bob: +50.00, +25.00 (tr-1) = 75.00;  Cy: opened, closed.
    expect(result.balances.map((r) => [r.accountId, r.balance, r.status, r.version])).toEqual([
      ['acc-ada', 2_500, 'open', 7],
      ['acc-bob', 7_500, 'open', 3],
      ['acc-cy', 0, 'closed', 2],
    ])
    expect(result.transfers).toEqual([
      { transferId: 'tr-1', from: 'acc-ada', to: 'acc-bob', amount: 2_500, status: 'completed' },
      { transferId: 'tr-2', from: 'acc-ada', to: 'acc-cy', amount: 1_000, status: 'refunded' },
    ])
    expect(result.rejected).toEqual([
      'INSUFFICIENT_FUNDS',
      'AMOUNT_NOT_POSITIVE',
      'ACCOUNT_UNKNOWN',
      'ACCOUNT_EXISTS',
      'TRANSFER_REFUNDED',
    ])
    expect(result.handled).toBe(12)
    expect(result.replayedBalances).toEqual(result.balances)
  })

  it('shows one of two racing withdrawals losing with a VersionConflictError, then retried', async () => {
    const lines: string[] = []
    const { race } = await runWalkthrough(createMemoryProvider(), (line) => lines.push(line))

    expect(race.conflicts).toBe(1)
    expect(race.errors[0]).toMatchObject({
      code: 'VERSION_CONFLICT',
      stream: 'account',
      aggregateId: 'acc-ada',
    })
    expect(race.finalBalance).toBe(2_500)
    expect(lines.some((l) => l.includes('VersionConflictError (VERSION_CONFLICT)'))).toBe(true)
    expect(lines.some((l) => l.includes('retried'))).toBe(true)
  })
})
