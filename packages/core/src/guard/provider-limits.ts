import { ValidationError } from '../errors.js'
import type { AppendRequest, KeyByteLimits, ProviderCapabilities } from '../provider.js'

/** UTF-8 length of `text` without allocating (lone surrogates are refused earlier). */
function utf8Bytes(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

function nulRefused(path: string): ValidationError {
  return new ValidationError(path, 'holds U+0000 (NUL), which this provider cannot store')
}

/** The path of the first string or key holding U+0000 inside `value`, or undefined. */
function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined
  if (typeof value !== 'object' || value === null) return undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}[${JSON.stringify(key)}]`
    if (key.includes('\u0000')) return at
    const found = findNul(item, at)
    if (found !== undefined) return found
  }
  return undefined
}

/** Levels of arrays and objects in `value` (a scalar is 0, `{}` is 1). */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0
  let deepest = 0
  for (const item of Array.isArray(value) ? value : Object.values(value)) deepest = Math.max(deepest, depthOf(item))
  return deepest + 1
}

const NAMES: Record<keyof KeyByteLimits, string> = {
  stream: 'stream name',
  aggregateId: 'aggregate id',
  eventId: 'event id',
  bookmark: 'bookmark (handler) name',
}

/**
 * Throws a `ValidationError` naming the limit when `value` is longer, in UTF-8 bytes,
 * than the provider's `maxKeyBytes[field]`, or holds U+0000 where the provider cannot store it.
 *
 * @example
 * ```ts
 * checkNameFits({ maxKeyBytes: { bookmark: 1024 } }, 'bookmark', name, 'name')
 * ```
 */
export function checkNameFits(
  capabilities: ProviderCapabilities,
  field: keyof KeyByteLimits,
  value: string,
  path: string,
): void {
  if (capabilities.nulInText === false && value.includes('\u0000')) throw nulRefused(path)
  const max = capabilities.maxKeyBytes?.[field]
  if (max === undefined || value.length * 3 <= max) return
  const bytes = utf8Bytes(value)
  if (bytes > max) {
    throw new ValidationError(path, `is ${bytes} bytes long (UTF-8); this provider holds a ${NAMES[field]} of at most ${max} bytes`)
  }
}

/** Refuses an (already validated) append that is over one of the provider's declared limits. */
export function checkAppendFits(capabilities: ProviderCapabilities, request: AppendRequest): void {
  checkNameFits(capabilities, 'stream', request.stream, 'stream')
  checkNameFits(capabilities, 'aggregateId', request.aggregateId, 'aggregateId')
  request.events.forEach((e, index) => checkNameFits(capabilities, 'eventId', e.id, `events[${index}].id`))
  if (capabilities.nulInText === false) {
    request.events.forEach((e, index) => {
      const found = findNul(e.event, `events[${index}].event`) ?? findNul(e.meta, `events[${index}].meta`)
      if (found !== undefined) throw nulRefused(found)
    })
  }
  const maxDepth = capabilities.maxJsonDepth
  if (maxDepth !== undefined) {
    request.events.forEach((e, index) => {
      if (depthOf(e.event) > maxDepth || depthOf(e.meta) > maxDepth) {
        throw new ValidationError(`events[${index}]`, `is nested more than ${maxDepth} levels deep; this provider stores at most ${maxDepth}`)
      }
    })
  }
  const maxEvents = capabilities.maxAppendEvents
  if (maxEvents !== undefined && request.events.length > maxEvents) {
    throw new ValidationError('events', `this provider stores at most ${maxEvents} events per append, got ${request.events.length}`)
  }
  const maxBytes = capabilities.maxPayloadBytes
  if (maxBytes !== undefined) {
    request.events.forEach((e, index) => {
      const bytes = utf8Bytes(JSON.stringify(e.event))
      if (bytes > maxBytes) {
        throw new ValidationError(`events[${index}].event`, `is ${bytes} bytes as JSON; this provider stores payloads of at most ${maxBytes} bytes`)
      }
    })
  }
}
