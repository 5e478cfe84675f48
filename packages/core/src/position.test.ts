import { comparePositions, isPosition } from './position.js'

describe('isPosition', () => {
  it('accepts the canonical decimal form of non-negative integers, however long', () => {
    for (const value of ['0', '1', '9', '10', '907', '9007199254740993', '7510000000000000000042']) {
      expect(isPosition(value)).toBe(true)
    }
  })

  it('refuses everything else', () => {
    for (const value of ['', '00', '01', '-1', '+1', '1.0', '1e3', ' 1', '1 ', '١', '1a', '/', ':', 1, null, undefined, {}, ['1']]) {
      expect(isPosition(value)).toBe(false)
    }
  })
})

describe('comparePositions', () => {
  it('orders by numeric value beyond the safe integers', () => {
    expect(['10', '9', '100', '9007199254740993', '9007199254740992'].sort(comparePositions)).toEqual([
      '9',
      '10',
      '100',
      '9007199254740992',
      '9007199254740993',
    ])
  })
})
