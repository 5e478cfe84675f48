import type { Provider } from '../provider.js'
import { START_POSITION, type Position } from '../position.js'
import { MAX_PAGE_SIZE } from '../guard/limits.js'

/**
 * For a handler with `startAtEnd`: when it has no bookmark yet (`'0'`), saves the position
 * of the last event of its streams as its bookmark, so its first run handles only what is
 * appended later. A saved bookmark is left alone. Returns the bookmark.
 *
 * The end is found by reading the log of the streams to its end, page by page: slow on a
 * long log, but it only ever reports events the provider's ordering rule lets a reader
 * see, so an append still committing at a lower position is handled, not skipped. Runs once,
 * the first time the handler runs in this process.
 *
 * @example
 * ```ts
 * await moveToEndIfNew(provider, 'mailer', ['account']) // '1234' (or the saved bookmark)
 * ```
 */
export async function moveToEndIfNew(provider: Provider, name: string, streams: string[]): Promise<Position> {
  const saved = await provider.getBookmark(name)
  if (saved !== START_POSITION) return saved
  let end: Position = START_POSITION
  for (;;) {
    const page = await provider.readLog({ streams, after: end, limit: MAX_PAGE_SIZE })
    if (page.length === 0) break
    end = page[page.length - 1]!.position
  }
  if (end !== START_POSITION) await provider.setBookmark(name, end)
  return end
}
