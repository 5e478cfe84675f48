import { isValidationError } from '../errors.js'
import { decodePgPosition, encodePgPosition } from './pg-position.js'

function rejected(position: string): boolean {
  try {
    decodePgPosition(position)
    return false
  } catch (err) {
    return isValidationError(err) && err.path === 'position'
  }
}

const MAX_SEQ = '9223372036854775807'
const MAX_TX_ID = '18446744073709551615'

describe('decodePgPosition ranges', () => {
  it('accepts the largest sequence and transaction id', () => {
    expect(decodePgPosition(MAX_SEQ)).toEqual({ txId: '0', seq: MAX_SEQ })
    const largest = encodePgPosition({ txId: MAX_TX_ID, seq: MAX_SEQ })
    expect(largest).toHaveLength(39)
    expect(decodePgPosition(largest)).toEqual({ txId: MAX_TX_ID, seq: MAX_SEQ })
  })

  it('refuses a sequence above 2^63-1 whatever the length', () => {
    expect(rejected('9223372036854775808')).toBe(true)
    expect(rejected('9999999999999999999')).toBe(true)
    expect(rejected('7' + '9223372036854775808')).toBe(true)
  })

  it('refuses a transaction id above 2^64-1 and positions longer than 39 digits', () => {
    expect(rejected('18446744073709551616' + '0000000000000000001')).toBe(true)
    expect(rejected('99999999999999999999' + '0000000000000000001')).toBe(true)
    expect(rejected('1' + '0'.repeat(39))).toBe(true)
    expect(rejected('1' + '0'.repeat(60))).toBe(true)
  })
})

describe('encodePgPosition with leading zeros', () => {
  it('drops them from the transaction id and, for the first transaction id, from the sequence', () => {
    expect(encodePgPosition({ txId: '00751', seq: '42' })).toBe('7510000000000000000042')
    expect(encodePgPosition({ txId: '0', seq: '0042' })).toBe('42')
    expect(encodePgPosition({ txId: '000', seq: '7' })).toBe('7')
    expect(encodePgPosition({ txId: '751', seq: '0' })).toBe('7510000000000000000000')
  })
})
