import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { guardProvider, type EventMeta, type JsonValue, type Provider } from '@evtstore/core'
import type * as FastCheck from 'fast-check'
import type { ConformanceTest } from '../define-group.js'
import { describeError } from '../support/expect-error.js'

/** Default number of generated appends; `options.propertyRuns` overrides it. */
export const DEFAULT_PROPERTY_RUNS = 1000

async function loadFastCheck(): Promise<typeof FastCheck> {
  try {
    return await import('fast-check')
  } catch (cause) {
    throw new Error('the property test needs fast-check, a peer dependency of @evtstore/conformance: npm install --save-dev fast-check', { cause })
  }
}

/** Generated text: any UTF-16 code units (lone surrogates too), names with dots and dollars, unicode, control characters. */
function text(fc: typeof FastCheck) {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.constantFrom('', '.', '$', 'a.b', '$where', '__proto__', 'constructor', '\u0000', 'tab\there', '\u2028', '😀'),
  )
}

function payloads(fc: typeof FastCheck) {
  const { json } = fc.letrec<{ json: JsonValue }>((tie) => ({
    json: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.maxSafeInteger(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      text(fc),
      fc.array(tie('json'), { maxLength: 4 }),
      fc.dictionary(text(fc), tie('json'), { maxKeys: 4 }),
    ) as FastCheck.Arbitrary<JsonValue>,
  }))
  return fc.record({
    type: fc.oneof(fc.constant('generated'), text(fc)),
    fields: fc.dictionary(text(fc), json, { maxKeys: 5 }),
  })
}

interface Case {
  stream: string
  aggregateId: string
  eventId: string
  payload: { type: string; fields: { [key: string]: JsonValue } }
  meta: EventMeta | undefined
}

/**
 * Appends one generated case through core's guard and checks the outcome: refused with a
 * ValidationError and nothing readable stored, or stored and read back exactly as JSON
 * would give it back. Anything else (a ProviderError, a row that reads back differently) fails.
 */
async function checkCase(provider: Provider, run: string, c: Case, tally: { stored: number; refused: number }) {
  const guarded = guardProvider(provider)
  const stream = `${run}${c.stream}`
  const aggregateId = `${c.aggregateId}${randomUUID()}`
  const event = { ...c.payload.fields, type: c.payload.type }
  const request = {
    stream,
    aggregateId,
    expectedVersion: 0,
    events: [c.meta === undefined ? { id: `${c.eventId}${randomUUID()}`, event } : { id: `${c.eventId}${randomUUID()}`, event, meta: c.meta }],
  }
  try {
    await guarded.append(request)
  } catch (err) {
    assert.equal(
      (err as { code?: unknown }).code,
      'VALIDATION_FAILED',
      `property: generated input must be stored or refused with ValidationError, never ${describeError(err)}; input ${JSON.stringify(request)}`,
    )
    tally.refused++
    // Where the names are readable, nothing may be there.
    const names = await guarded.readAggregate({ stream, aggregateId, afterVersion: 0, limit: 2 }).catch(() => [])
    assert.equal(names.length, 0, `property: a refused append stored ${names.length} events: ${JSON.stringify(request)}`)
    return
  }
  tally.stored++
  const back = await guarded.readAggregate({ stream, aggregateId, afterVersion: 0, limit: 2 })
  const expected = JSON.parse(JSON.stringify(request.events[0]))
  assert.equal(back.length, 1, `property: a stored append must read back as one event: ${JSON.stringify(request)}`)
  assert.deepStrictEqual(
    { id: back[0]!.id, event: back[0]!.event, ...(back[0]!.meta === undefined ? {} : { meta: back[0]!.meta }) },
    expected,
    `property: the event must read back exactly as JSON gives it back: ${JSON.stringify(request)}`,
  )
  assert.equal(back[0]!.stream, stream, 'property: the stream name must read back exactly')
  assert.equal(back[0]!.aggregateId, aggregateId, 'property: the aggregate id must read back exactly')
}

/** The property-based test: generated payloads, ids and stream names are stored exactly or refused, never half-handled. */
export const propertyTest: ConformanceTest = {
  name: 'generated payloads, ids and stream names are read back exactly or refused with ValidationError, nothing else',
  slow: true,
  async run({ provider, options }) {
    const fc = await loadFastCheck()
    const run = `cf-prop-${randomUUID().slice(0, 8)}-`
    const tally = { stored: 0, refused: 0 }
    const meta = fc.option(
      fc.record({ correlationId: text(fc), user: fc.dictionary(text(fc), text(fc), { maxKeys: 3 }) }, { requiredKeys: [] }),
      { nil: undefined },
    )
    const cases = fc.record({ stream: text(fc), aggregateId: text(fc), eventId: text(fc), payload: payloads(fc), meta })
    const numRuns = options.propertyRuns ?? DEFAULT_PROPERTY_RUNS
    await fc.assert(
      fc.asyncProperty(cases, (c) => checkCase(provider, run, c as Case, tally)),
      { numRuns, ...(options.propertySeed === undefined ? {} : { seed: options.propertySeed }) },
    )
    process.stdout.write(`[conformance property ${options.name}] ${numRuns} generated appends: ${tally.stored} stored and read back, ${tally.refused} refused\n`)
    assert.ok(tally.stored > numRuns / 4, `property: only ${tally.stored} of ${numRuns} generated appends were stored; the generator is off`)
    assert.ok(tally.refused > 0, 'property: no generated append was refused; the generator is off')
  },
}
