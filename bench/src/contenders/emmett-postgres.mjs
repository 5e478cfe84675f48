// Emmett 0.42 on PostgreSQL (@event-driven-io/emmett-postgresql): its event store, its
// command handler and, for reading the log, its consumer with a reactor.
import { randomUUID } from 'node:crypto'
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql'
import { emmettBase, idOf } from './emmett.mjs'

/** Emmett's PostgreSQL event store as a contender. */
export function emmettPostgres(store) {
  let eventStore
  return {
    label: 'Emmett 0.42 (emmett-postgresql)',
    missing: {},
    ...emmettBase(() => eventStore),
    async open() {
      eventStore = getPostgreSQLEventStore(store.url)
      await eventStore.schema.migrate()
    },
    async catchUp(batchSize, progress) {
      // its puller sleeps pullingFrequencyInMs (default 50) between batches: 0 here, so the read path is measured
      const consumer = eventStore.consumer({
        stopWhen: { noMessagesLeft: true },
        pulling: { batchSize, pullingFrequencyInMs: 0 },
      })
      // it redelivers some messages (at least once) and not always in position order: count each
      // global position once (a bitset: positions are dense here), and the repeats
      let seen = 0
      let repeats = 0
      let bits = new Uint8Array(1 << 16)
      consumer.reactor({
        processorId: `catch-up-${randomUUID()}`,
        startFrom: 'BEGINNING',
        eachMessage: async (message) => {
          const position = Number(message.metadata.globalPosition)
          while (position >> 3 >= bits.length) {
            const grown = new Uint8Array(bits.length * 2)
            grown.set(bits)
            bits = grown
          }
          if (bits[position >> 3] & (1 << (position & 7))) return void repeats++
          bits[position >> 3] |= 1 << (position & 7)
          if (message.type === 'deposited' && ++seen % 1000 === 0) progress?.(seen)
        },
      })
      await consumer.start()
      await consumer.stop() // close() would end the event store's own pool
      return { seen, repeats }
    },
    async follow(onEvent) {
      const consumer = eventStore.consumer()
      consumer.reactor({
        processorId: `follow-${randomUUID()}`,
        startFrom: 'BEGINNING',
        eachMessage: async (message) => onEvent(idOf(message.metadata.streamName)),
      })
      void consumer.start()
      return { stop: () => consumer.stop() }
    },
    async close() {
      await eventStore?.close()
    },
  }
}
