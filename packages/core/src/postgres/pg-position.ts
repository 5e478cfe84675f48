import { ValidationError } from '../errors.js'
import { isPosition, type Position } from '../position.js'

/** Digits reserved for the sequence part of a Postgres position (a bigint has at most 19). */
const SEQ_DIGITS = 19
/** Largest sequence number: the largest bigint. */
const MAX_SEQ = '9223372036854775807'
/** Largest transaction id: the largest xid8 (unsigned 64 bit). */
const MAX_TX_ID = '18446744073709551615'
/** Longest encoded position: 20 digits of transaction id and 19 of sequence. */
const MAX_DIGITS = MAX_TX_ID.length + SEQ_DIGITS

/**
 * The two parts of a Postgres log position: the gate key (a transaction id, `xid8`) and
 * the row's sequence number (the `position` column), both as decimal strings.
 */
export interface PgLogKey {
  /** The `tx_id` column: the writer's transaction id (or a later one, see the README). */
  txId: string
  /** The `position` column: the row's identity/sequence value. */
  seq: string
}

/**
 * Encodes a Postgres log key as one {@link Position}: the transaction id followed by the
 * sequence number padded to 19 digits. Numeric order of the result equals the order of
 * `(tx_id, position)`, which is the order the log is read in.
 *
 * @example
 * ```ts
 * encodePgPosition({ txId: '751', seq: '42' }) // '7510000000000000000042'
 * ```
 */
export function encodePgPosition(key: PgLogKey): Position {
  const txId = withoutLeadingZeros(key.txId)
  if (txId === '0') return withoutLeadingZeros(key.seq)
  return txId + key.seq.padStart(SEQ_DIGITS, '0')
}

/** `'007'` → `'7'`, `'0'` stays; the database's text has no leading zeros, so the regex rarely runs. */
function withoutLeadingZeros(digits: string): string {
  return digits.length > 1 && digits.charCodeAt(0) === 48 ? digits.replace(/^0+(?=\d)/, '') : digits
}

/**
 * Splits a {@link Position} into the `(tx_id, position)` key it encodes; the inverse of
 * {@link encodePgPosition}. Any canonical position whose parts fit their columns is accepted (`'0'` → `{ txId: '0', seq: '0' }`);
 * a larger one (sequence above 2^63-1, transaction id above 2^64-1, more than 39 digits)
 * throws a `ValidationError`.
 *
 * @example
 * ```ts
 * decodePgPosition('7510000000000000000042') // { txId: '751', seq: '42' }
 * ```
 */
export function decodePgPosition(position: Position): PgLogKey {
  if (!isPosition(position)) throw new ValidationError('position', `not a position: ${String(position)}`)
  if (position.length > MAX_DIGITS) throw outOfRange(position)
  const cut = Math.max(position.length - SEQ_DIGITS, 0)
  const txId = cut === 0 ? '0' : position.slice(0, cut)
  const seq = position.slice(cut).replace(/^0+(?=\d)/, '')
  if (exceeds(seq, MAX_SEQ) || exceeds(txId, MAX_TX_ID)) throw outOfRange(position)
  return { txId, seq }
}

/** Whether the decimal string `digits` (no leading zeros) is greater than `max`. */
function exceeds(digits: string, max: string): boolean {
  return digits.length > max.length || (digits.length === max.length && digits > max)
}

function outOfRange(position: Position): ValidationError {
  return new ValidationError('position', `not a Postgres log position (out of range): ${position}`)
}
