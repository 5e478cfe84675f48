import { createMemoryProvider } from '@evtstore/core/memory'
import { runWalkthrough } from '../src/walkthrough/run-walkthrough.js'

describe('the bank walkthrough', () => {
  it('ends with the balances, ledger and refusals the story implies', async () => {
    const lines: string[] = []
    const result = await runWalkthrough({ provider: createMemoryProvider() }, (line) => lines.push(line))

    expect(result.run).toBe(1)
    expect(result.earlier).toEqual({ events: 0, runs: [], nextRun: 1 })
    expect(lines[0]).toBe('No events yet: starting run 1.')
    // Ada: +100.00, -25.00 (tr-1), -10.00 +10.00 (tr-2 refunded), -30.00 -20.00 (race) = 25.00
    // Bob: +50.00, +25.00 (tr-1) = 75.00;  Cy: opened, closed.
    expect(result.balances.map((r) => [r.accountId, r.balance, r.status, r.version])).toEqual([
      ['r1-acc-ada', 2_500, 'open', 7],
      ['r1-acc-bob', 7_500, 'open', 3],
      ['r1-acc-cy', 0, 'closed', 2],
    ])
    expect(result.allBalances).toEqual(result.balances)
    expect(result.transfers).toEqual([
      { transferId: 'r1-tr-1', from: 'r1-acc-ada', to: 'r1-acc-bob', amount: 2_500, status: 'completed' },
      { transferId: 'r1-tr-2', from: 'r1-acc-ada', to: 'r1-acc-cy', amount: 1_000, status: 'refunded' },
    ])
    expect(result.rejected).toEqual([
      'INSUFFICIENT_FUNDS',
      'AMOUNT_NOT_POSITIVE',
      'ACCOUNT_UNKNOWN',
      'ACCOUNT_EXISTS',
      'TRANSFER_REFUNDED',
    ])
    expect(result.resumedAt).toBe('0')
    expect(result.handled).toBe(12)
    expect(result.replayHandled).toBe(12)
    expect(result.replayedBalances).toEqual(result.balances)
  })

  it('sends the first transfer again with the same keys and appends nothing', async () => {
    const lines: string[] = []
    const { resend } = await runWalkthrough({ provider: createMemoryProvider() }, (line) => lines.push(line))
    expect(resend).toEqual({ transferId: 'r1-tr-1', appended: 0 })
    expect(lines.some((l) => l.includes('nothing appended'))).toBe(true)
  })

  it('shows one of two racing withdrawals losing with a VersionConflictError, then retried', async () => {
    const lines: string[] = []
    const { race } = await runWalkthrough({ provider: createMemoryProvider() }, (line) => lines.push(line))

    expect(race.conflicts).toBe(1)
    expect(race.errors[0]).toMatchObject({
      code: 'VERSION_CONFLICT',
      stream: 'account',
      aggregateId: 'r1-acc-ada',
    })
    expect(race.finalBalance).toBe(2_500)
    expect(lines.some((l) => l.includes('VersionConflictError (VERSION_CONFLICT)'))).toBe(true)
    expect(lines.some((l) => l.includes('retried'))).toBe(true)
  })
})
