import type { StoredEvent } from '@evtstore/core'
import { countStress } from './stress-totals.js'

const at = (id: string, position: string): StoredEvent => ({
  stream: 's',
  aggregateId: 'a',
  version: 1,
  position,
  timestamp: new Date(0),
  id,
  event: {},
})

describe('countStress', () => {
  it('reports a complete, ordered run as nothing missed', () => {
    expect(countStress(['a', 'b'], [at('a', '1'), at('b', '2')])).toEqual({
      stored: 2,
      seen: 2,
      missed: 0,
      duplicated: 0,
      outOfOrder: 0,
    })
  })

  it('counts missed, duplicated and out-of-order events', () => {
    const seen = [at('a', '5'), at('b', '3'), at('b', '3')]
    expect(countStress(['a', 'b', 'c'], seen)).toEqual({
      stored: 3,
      seen: 3,
      missed: 1,
      duplicated: 1,
      outOfOrder: 2,
    })
  })

  it('compares positions numerically, not as text', () => {
    expect(countStress(['a', 'b'], [at('a', '9'), at('b', '10')]).outOfOrder).toBe(0)
  })
})
