import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import type { HandlerTransaction, Provider } from '@evtstore/core'
import type { ConformanceGroup, ConformanceTest } from '../define-group.js'
import type { ConformanceOptions, TransactionalWrites } from '../options.js'
import { FAST_HANDLER, catchUp, handlerFixture } from '../support/handler-fixture.js'
import { randomBookmarkName } from '../support/random-names.js'
import { assertErrorCode, catchError, expectErrorCode } from '../support/expect-error.js'

/** Registered as skipped, with the reason, unless the provider declares the capability and the suite can write through its transactions. */
const needsTransactions = (options: ConformanceOptions) => {
  if (options.capabilities?.transactionalHandlers !== true) {
    return 'capability transactionalHandlers is not declared: the provider cannot save a bookmark in the handler’s own transaction'
  }
  if (options.transactionalWrites === undefined) {
    return 'no transactionalWrites option: the suite has no way to write a row through the provider’s transaction'
  }
  return undefined
}

/** The provider's transaction method and the suite's writer, or a failed assertion. */
function transactionParts(provider: Provider, options: ConformanceOptions) {
  const { transaction } = provider
  assert.ok(typeof transaction === 'function', 'transactions: a provider with capabilities.transactionalHandlers must have transaction()')
  const writes = options.transactionalWrites as TransactionalWrites
  const run = <T>(work: (t: HandlerTransaction<unknown>) => Promise<T>) => transaction.call(provider, work)
  return { run, writes }
}

const transactionTest = (test: ConformanceTest): ConformanceTest => ({ ...test, skipReason: needsTransactions })

const key = () => `cf-tx-${randomUUID()}`

/** Transactional handlers: the bookmark and the handler's own writes commit or roll back together. */
export const transactionGroup: ConformanceGroup = {
  name: 'transactions',
  tests: [
    {
      name: 'transactions: declares transactionalHandlers exactly when it has transaction(); refused with a ValidationError otherwise',
      async run({ provider, options }) {
        const declared = provider.capabilities?.transactionalHandlers === true
        assert.equal(declared, typeof provider.transaction === 'function', 'transactions: capabilities.transactionalHandlers must be true exactly when the provider has transaction()')
        assert.equal(
          options.capabilities?.transactionalHandlers === true,
          declared,
          'transactions: pass capabilities: { transactionalHandlers: true } to the suite exactly when the provider has it, so the transaction tests run (or are skipped) accordingly',
        )
        if (declared) return
        const { createHandler, stream } = await handlerFixture(provider, 0)
        const refusal = await catchError(
          () => createHandler(randomBookmarkName(), [stream], { transactional: true }),
          'transactions: a transactional handler on a provider without the capability must be refused',
        )
        assertErrorCode(refusal, 'VALIDATION_FAILED', 'transactions: the refusal of a transactional handler without the capability')
        assert.match(String((refusal as Error).message), /transactionalHandlers/, 'transactions: the refusal must name the missing capability')
      },
    },
    transactionTest({
      name: 'transactions: a committed transaction stores the writes and the bookmark; a rejected one neither, with the error passed on',
      async run({ provider, options }) {
        const { run, writes } = transactionParts(provider, options)
        const bookmark = randomBookmarkName()
        const kept = key()
        await run(async (t) => {
          await writes.write(t.tx, kept)
          await t.setBookmark(bookmark, '0')
        })
        assert.equal(await writes.exists(kept), true, 'transactions: a write through tx must be stored when the transaction commits')
        const { stored } = await handlerFixture(provider, 1)
        const boom = new Error('boom')
        const lost = key()
        const thrown = await catchError(
          () =>
            run(async (t) => {
              await writes.write(t.tx, lost)
              await t.setBookmark(bookmark, stored[0]!.position)
              throw boom
            }),
          'transactions: transaction() must reject when its work rejects',
        )
        assert.equal(thrown, boom, 'transactions: transaction() must reject with the very error its work threw')
        assert.equal(await writes.exists(lost), false, 'transactions: a write through tx must be rolled back when the work rejects')
        assert.equal(await provider.getBookmark(bookmark), '0', 'transactions: a bookmark saved in a rolled-back transaction must not move')
        await run((t) => t.setBookmark(bookmark, stored[0]!.position))
        assert.equal(await provider.getBookmark(bookmark), stored[0]!.position, 'transactions: a bookmark saved in a committed transaction must be stored')
      },
    }),
    transactionTest({
      name: 'transactions: a rejected savepoint undoes its own writes only; the transaction goes on and commits the rest',
      async run({ provider, options }) {
        const { run, writes } = transactionParts(provider, options)
        const [before, inside, after] = [key(), key(), key()]
        const boom = new Error('inside the savepoint')
        await run(async (t) => {
          await writes.write(t.tx, before)
          const thrown = await catchError(
            () =>
              t.savepoint(async (tx) => {
                await writes.write(tx, inside)
                throw boom
              }),
            'transactions: savepoint() must reject when its work rejects',
          )
          assert.equal(thrown, boom, 'transactions: savepoint() must reject with the very error its work threw')
          await t.savepoint((tx) => writes.write(tx, after))
        })
        assert.equal(await writes.exists(before), true, 'transactions: a write before a rejected savepoint must commit')
        assert.equal(await writes.exists(inside), false, 'transactions: a write inside a rejected savepoint must be undone')
        assert.equal(await writes.exists(after), true, 'transactions: a write after a rejected savepoint (the transaction still usable) must commit')
      },
    }),
    transactionTest({
      name: 'transactions: a transactional handler writes each event once through tx and saves its bookmark with them',
      async run({ provider, options }) {
        const { writes } = transactionParts(provider, options)
        const fixture = await handlerFixture(provider, 5)
        const handler = fixture.createHandler(fixture.name, [fixture.stream], { ...FAST_HANDLER, transactional: true })
        const seen: string[] = []
        handler.handle(fixture.stream, 'added', async (_id, _event, envelope, tx) => {
          assert.notEqual(tx, undefined, 'transactions: a transactional handler function must get the transaction')
          await writes.write(tx, envelope.id)
          seen.push(envelope.id)
        })
        await catchUp(handler, () => seen.length >= 5)
        for (const event of fixture.stored) assert.equal(await writes.exists(event.id), true, `transactions: event ${event.version} of ${event.aggregateId} must be written`)
        assert.equal(await handler.getPosition(), fixture.stored.at(-1)!.position, 'transactions: the bookmark must be at the last event')
        const again = await handler.runOnce()
        assert.equal(again.handled, 0, 'transactions: a second run must handle nothing (a repeated write would clash on its key)')
      },
    }),
    transactionTest({
      name: 'transactions: a failing event’s writes roll back while the events before it commit with the bookmark; the next run goes on from there',
      async run({ provider, options }) {
        const { writes } = transactionParts(provider, options)
        const fixture = await handlerFixture(provider, 4)
        const failing = fixture.stored[2]!
        let fail = true
        const handler = fixture.createHandler(fixture.name, [fixture.stream], { batchSize: 10, transactional: true })
        handler.handle(fixture.stream, 'added', async (_id, _event, envelope, tx) => {
          await writes.write(tx, envelope.id)
          if (fail && envelope.id === failing.id) throw new Error('projection failed')
        })
        let err: unknown
        const deadline = Date.now() + 5000
        // The Postgres gate may show fewer events on a first run: run until the failure.
        while (err === undefined && Date.now() < deadline) err = await catchError(() => handler.runOnce(), 'no failure yet').catch(() => undefined)
        assert.match(String((err as Error | undefined)?.message), /projection failed/, 'transactions: the run must reject with the handler’s error')
        const [first, second, , fourth] = fixture.stored
        assert.equal(await writes.exists(first!.id), true, 'transactions: the events before the failing one must commit')
        assert.equal(await writes.exists(second!.id), true, 'transactions: the events before the failing one must commit')
        assert.equal(await writes.exists(failing.id), false, 'transactions: the failing event’s own write must be rolled back')
        assert.equal(await writes.exists(fourth!.id), false, 'transactions: no event after the failing one may be handled')
        assert.equal(await handler.getPosition(), second!.position, 'transactions: the bookmark must be saved at the last event handled, with its writes')
        fail = false
        await catchUp(handler, () => false, 300)
        for (const event of fixture.stored) assert.equal(await writes.exists(event.id), true, `transactions: event ${event.version} must be written after the retry`)
        assert.equal(await handler.getPosition(), fourth!.position)
      },
    }),
    transactionTest({
      name: 'transactions: an exclusive handler that lost its lease commits nothing of the batch (the fenced bookmark write rolls it back)',
      skipReason: (options) =>
        needsTransactions(options) ?? (options.capabilities?.leases === true ? undefined : 'capability leases is not declared (no exclusive handlers)'),
      async run({ provider, options }) {
        const { writes } = transactionParts(provider, options)
        const fixture = await handlerFixture(provider, 3)
        const handler = fixture.createHandler(fixture.name, [fixture.stream], {
          batchSize: 10,
          transactional: true,
          exclusive: { leaseMs: 5_000 },
        })
        let stolen = false
        handler.handle(fixture.stream, 'added', async (_id, _event, envelope, tx) => {
          await writes.write(tx, envelope.id)
          const held = handler.status.lease
          if (held === undefined || stolen) return
          stolen = true
          // Another process takes the lease over while the batch is in flight.
          await provider.releaseLease!(handler.bookmark, { owner: held.owner, token: held.token })
          const token = await provider.acquireLease!({ name: handler.bookmark, owner: `cf-thief-${randomUUID()}`, ttlMs: 60_000 })
          assert.ok(token !== undefined && token > held.token, 'transactions: the test must hand the lease to another owner')
        })
        await expectErrorCode(() => handler.runOnce(), 'LEASE_UNAVAILABLE', 'transactions: a batch whose fenced bookmark write is refused')
        for (const event of fixture.stored) {
          assert.equal(await writes.exists(event.id), false, 'transactions: no write of a batch whose lease was lost may commit')
        }
        assert.equal(await handler.getPosition(), '0', 'transactions: the bookmark of a handler that lost its lease must not move')
      },
    }),
  ],
}
