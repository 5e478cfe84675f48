// Type-checked by scripts/check-packaging.mjs against the packed declarations, with no
// driver installed. Nothing here runs. Each `@ts-expect-error` fails the compile if the
// option types degrade to `any`.
import type { Provider } from '@evtstore/core'
import { createProvider, migrate } from '@evtstore/provider-mongo'
import type { MongoCollectionLike, MongoProviderOptions } from '@evtstore/provider-mongo'

type IsAny<T> = 0 extends 1 & T ? true : false
type Params<F> = F extends (options: infer O) => unknown ? O : never

declare const events: MongoCollectionLike
declare const bookmarks: Promise<MongoCollectionLike>

export const notAny: [IsAny<Params<typeof createProvider>>, IsAny<ReturnType<typeof createProvider>>] = [false, false]

const options: MongoProviderOptions = { events, bookmarks, limit: 500 }
export const provider: Provider = createProvider(options)
export const migrated: Promise<void> = migrate(events, bookmarks)
// @ts-expect-error limit is a number
createProvider({ events, bookmarks, limit: '500' })
// @ts-expect-error the mongo provider takes collections, not a client
createProvider({ client: events })
