// The one domain every contender stores: accounts receiving deposits. The same payload,
// the same fold, for ours, the raw drivers, evtstore@12 and Emmett.

export const STREAM = 'account'

/** The event payload number `i` (about 80 bytes of JSON). */
export function deposit(i) {
  return { type: 'deposited', amount: i % 100, note: 'benchmark event with a little text' }
}

/** `count` payloads starting at number `from`. */
export function deposits(count, from = 0) {
  return Array.from({ length: count }, (_x, k) => deposit(from + k))
}

/** The initial state of an account. */
export const initialState = () => ({ balance: 0, count: 0 })

/** The fold: returns the changed fields (evtstore style). */
export const foldChanges = (event, state) => ({
  balance: state.balance + event.amount,
  count: state.count + 1,
})

/** The fold as a full-state reducer (raw loop and Emmett style). */
export const evolve = (state, event) => ({ balance: state.balance + event.amount, count: state.count + 1 })
