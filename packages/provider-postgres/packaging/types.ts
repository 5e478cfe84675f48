// Type-checked by scripts/check-packaging.mjs in a throwaway project against the packed
// tarballs' declarations, with no driver and no @types package installed: copied to a
// .mts and a .cts file and compiled with `--module node16`. Nothing here runs: the
// clients are declared, never built. Each `@ts-expect-error` fails the compile if the
// option types degrade to `any`.
import type { Provider } from '@evtstore/core'
import { createProvider, migrate } from '@evtstore/provider-postgres'
import type { PostgresProviderOptions, PostgresSql } from '@evtstore/provider-postgres'

type IsAny<T> = 0 extends 1 & T ? true : false
type Params<F> = F extends (options: infer O) => unknown ? O : never

declare const sql: PostgresSql
declare const pool: { query(text: string): unknown }

export const notAny: [IsAny<Params<typeof createProvider>>, IsAny<ReturnType<typeof createProvider>>] = [false, false]

const options: PostgresProviderOptions = { sql, events: 'events', limit: 100 }
export const provider: Provider = createProvider(options)
export const migrated: Promise<void> = migrate({ sql })
// @ts-expect-error the postgres.js provider takes `sql`, not `client`
createProvider({ client: pool })
