// The parts of the Emmett contenders shared by its PostgreSQL and MongoDB event stores:
// stream names, events, expected versions, aggregate loads and commands.
import { CommandHandler, STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett'
import { STREAM, deposit, evolve, initialState } from '../model.mjs'

/** Emmett keeps one stream per aggregate, named `<type>-<id>`. */
export const streamName = (id) => `${STREAM}-${id}`
export const idOf = (name) => name.slice(STREAM.length + 1)

/** Our payload as an Emmett event: `{ type, data }`. */
export const toEvent = ({ type, ...data }) => ({ type, data })

const fold = (state, event) => evolve(state, event.data)
const handle = CommandHandler({ evolve: fold, initialState })

/** What the store-specific modules add to: append, command and load through Emmett's own API. */
export function emmettBase(getStore) {
  return {
    async append(id, version, events) {
      const expectedStreamVersion = version === 0 ? STREAM_DOES_NOT_EXIST : BigInt(version)
      await getStore().appendToStream(streamName(id), events.map(toEvent), { expectedStreamVersion })
    },
    async command(id) {
      await handle(getStore(), streamName(id), () => toEvent(deposit(1)))
    },
    async load(id) {
      const { state, currentStreamVersion } = await getStore().aggregateStream(streamName(id), {
        evolve: fold,
        initialState,
      })
      return { ...state, version: Number(currentStreamVersion) }
    },
  }
}
