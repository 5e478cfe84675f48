// Type-checked by scripts/check-packaging.mjs in a throwaway project against the packed
// tarballs' declarations, with no driver and no @types package installed: copied to a
// .mts and a .cts file and compiled with `--module node16`. Nothing here runs: the
// clients are declared, never built. Each `@ts-expect-error` fails the compile if the
// option types degrade to `any`.
import type { Provider } from '@evtstore/core'
import { createProvider, migrate } from '@evtstore/provider-pg'
import type { PgProviderOptions, PgQueryable } from '@evtstore/provider-pg'

type IsAny<T> = 0 extends 1 & T ? true : false
type Params<F> = F extends (options: infer O) => unknown ? O : never

declare const pool: PgQueryable
declare const sql: { unsafe(query: string): unknown }

export const notAny: [IsAny<Params<typeof createProvider>>, IsAny<ReturnType<typeof createProvider>>] = [false, false]

const options: PgProviderOptions = { client: pool, events: 'app.events', limit: 500, prepare: false }
export const provider: Provider = createProvider(options)
export const migrated: Promise<void> = migrate({ client: Promise.resolve(pool), bookmarks: 'bookmarks' })
// @ts-expect-error limit is a number
createProvider({ client: pool, limit: '500' })
// @ts-expect-error the pg provider takes `client`, not `sql`
createProvider({ sql })
