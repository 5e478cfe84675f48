import assert from 'node:assert/strict'
import type { EventMeta, JsonValue, Provider } from '@evtstore/core'
import type { ConformanceGroup } from '../define-group.js'
import { viaJson } from '../support/assert-envelope.js'
import { newEvent } from '../support/new-events.js'
import { randomAggregateId, randomStream } from '../support/random-names.js'
import { readWholeAggregate, readWholeLog } from '../support/read-all.js'

type Payload = { [key: string]: JsonValue }

/** Appends one event and checks append's result, readAggregate and readLog all give it back as JSON would. */
async function assertRoundTrip(provider: Provider, label: string, payload: Payload, meta?: EventMeta): Promise<void> {
  const stream = randomStream()
  const aggregateId = randomAggregateId()
  const event = newEvent(payload, meta)
  const expected = viaJson(payload)
  const [stored] = await provider.append({ stream, aggregateId, expectedVersion: 0, events: [event] })
  const [fromAggregate] = await readWholeAggregate(provider, stream, aggregateId)
  const [fromLog] = await readWholeLog(provider, [stream], { expected: 1 })
  const reads = { 'append result': stored, readAggregate: fromAggregate, readLog: fromLog }
  for (const [where, envelope] of Object.entries(reads)) {
    assert.ok(envelope !== undefined, `payload round-trip (${label}): ${where} returned no event`)
    assert.deepStrictEqual(envelope.event, expected, `payload round-trip (${label}): ${where} returned a different payload`)
    if (meta !== undefined) {
      assert.deepStrictEqual(envelope.meta, viaJson(meta), `metadata round-trip (${label}): ${where} returned different metadata`)
    } else {
      assert.equal(envelope.meta, undefined, `metadata round-trip (${label}): ${where} must leave meta out when none was appended`)
    }
  }
}

const MIB = 1024 * 1024

/** A payload whose JSON text is exactly `bytes` bytes long (at least ~100), ending in a marker. */
function payloadOfSize(bytes: number): Payload {
  const unicode = 'é€😀'.repeat(Math.max(0, Math.min(1000, Math.floor((bytes - 200) / 20))))
  const shell = { type: 'large', unicode, text: '', tail: 'end-marker' }
  const filler = bytes - Buffer.byteLength(JSON.stringify(shell))
  return { ...shell, text: 'x'.repeat(Math.max(0, filler)) }
}

/** Payloads and metadata round-trip as JSON. */
export const payloadGroup: ConformanceGroup = {
  name: 'payloads',
  tests: [
    {
      name: 'round-trips nested objects and arrays',
      async run({ provider }) {
        await assertRoundTrip(provider, 'nested', {
          type: 'nested',
          order: { id: 'o-1', lines: [{ sku: 'a', qty: 2, tags: ['x', 'y'] }, { sku: 'b', qty: 1, tags: [] }] },
          matrix: [[1, 2], [3, [4, [5, { deep: { deeper: { deepest: true } } }]]]],
        })
      },
    },
    {
      name: 'round-trips unicode text (accents, CJK, emoji, astral characters)',
      async run({ provider }) {
        await assertRoundTrip(provider, 'unicode', {
          type: 'unicode',
          accents: 'héllo wörld ñ ç',
          cjk: '日本語テキスト 한국어 中文',
          emoji: '😀👍🏽👩‍👩‍👧‍👦🇫🇷',
          astral: '𝒳𝔸𝕭 𐍈 🀄',
          rtl: 'مرحبا שלום',
          escapes: 'quote " backslash \\ slash / tab \t newline \n',
          'kéy 😀': 'unicode key',
        })
      },
    },
    {
      name: 'round-trips empty arrays, empty objects and empty strings',
      async run({ provider }) {
        await assertRoundTrip(provider, 'empty values', {
          type: 'empty',
          list: [],
          object: {},
          text: '',
          nested: { list: [], object: {}, listOfEmpty: [[], {}, ''] },
        })
      },
    },
    {
      name: 'round-trips numbers: safe integers, negatives, floats',
      async run({ provider }) {
        await assertRoundTrip(provider, 'numbers', {
          type: 'numbers',
          max: Number.MAX_SAFE_INTEGER,
          min: Number.MIN_SAFE_INTEGER,
          zero: 0,
          negative: -42,
          float: 0.1,
          third: 1 / 3,
          tiny: 1.5e-10,
          huge: 1e300,
          pi: -3.141592653589793,
          list: [1, -1, 2.5, 2 ** 40],
        })
      },
    },
    {
      name: 'round-trips null and booleans',
      async run({ provider }) {
        await assertRoundTrip(provider, 'null and booleans', {
          type: 'literals',
          nothing: null,
          yes: true,
          no: false,
          list: [null, true, false],
          nested: { nothing: null },
        })
      },
    },
    {
      name: 'round-trips object keys with dots, dollars, spaces and digits',
      async run({ provider }) {
        await assertRoundTrip(provider, 'unusual keys', {
          type: 'keys',
          'a.b': 1,
          $dollar: 2,
          'with space': 3,
          '123': 4,
          '': 5,
          nested: { 'x.y': { $in: [1] } },
        })
      },
    },
    {
      name: 'round-trips control characters and NUL in strings',
      skipReason: (options) =>
        options.capabilities?.nulInText === false
          ? 'the provider cannot store U+0000 (nulInText: false) and refuses it before any I/O (see rejected input)'
          : undefined,
      async run({ provider }) {
        await assertRoundTrip(provider, 'control characters', {
          type: 'control',
          text: 'nul \u0000 bell \u0007 escape \u001b delete \u007f',
        })
      },
    },
    {
      name: 'round-trips a large payload (up to 1 MiB)',
      async run({ provider, capabilities }) {
        const size = Math.min(capabilities.maxPayloadBytes ?? MIB, MIB)
        await assertRoundTrip(provider, `large payload of ${size} bytes`, payloadOfSize(size))
      },
    },
    {
      name: 'round-trips metadata and leaves it out when none was given',
      async run({ provider }) {
        await assertRoundTrip(
          provider,
          'metadata',
          { type: 'with-meta' },
          { correlationId: 'corr-😀', causationId: 'cause-1', user: { actor: 'ada', roles: [], depth: { n: -1.5, ok: null } } },
        )
        await assertRoundTrip(provider, 'partial metadata', { type: 'partial-meta' }, { correlationId: 'only-this' })
        await assertRoundTrip(provider, 'no metadata', { type: 'no-meta' })
      },
    },
  ],
}
