// Type-checked by scripts/check-packaging.mjs in a throwaway project against the packed
// tarballs' declarations, with no driver and no @types package installed: copied to a
// .mts and a .cts file and compiled with `--module node16`. Nothing here runs: the
// clients are declared, never built. Each `@ts-expect-error` fails the compile if the
// option types degrade to `any`.
import { createProvider, migrate } from '@evtstore/provider-knex'
import type { KnexLike, KnexProvider, KnexProviderOptions } from '@evtstore/provider-knex'

type IsAny<T> = 0 extends 1 & T ? true : false
type Params<F> = F extends (options: infer O) => unknown ? O : never

declare const db: KnexLike

export const notAny: [IsAny<Params<typeof createProvider>>, IsAny<ReturnType<typeof createProvider>>] = [false, false]

const options: KnexProviderOptions = { client: db, events: 'events', bookmarks: 'app.bookmarks' }
export const provider: KnexProvider = createProvider(options)
export const dialect: Promise<'sqlite' | 'mysql' | 'postgres'> = provider.dialect()
export const migrated: Promise<void> = migrate({ client: db })
// @ts-expect-error limit is a number
createProvider({ client: db, limit: '10' })
// @ts-expect-error a table is a name or a function returning a query builder, not a number
createProvider({ client: db, events: 1, bookmarks: 'bookmarks' })
