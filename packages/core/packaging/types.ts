// Type-checked by scripts/check-packaging.mjs in a throwaway project against the packed
// tarballs' declarations, with no driver and no @types package installed: copied to a
// .mts and a .cts file and compiled with `--module node16`. Nothing here runs: the
// clients are declared, never built. Each `@ts-expect-error` fails the compile if the
// option types degrade to `any`.
import { ValidationError, isValidationError } from '@evtstore/core'
import { pgTables, type PgTables } from '@evtstore/core/postgres'
import { defineProvider, identifierOption, parseTableName, type TableName } from '@evtstore/core/toolkit'

type IsAny<T> = 0 extends 1 & T ? true : false

export const notAny: [IsAny<TableName>, IsAny<PgTables>, IsAny<ReturnType<typeof defineProvider>>] = [false, false, false]

export function tableOf(raw: string): string {
  try {
    const table: TableName = parseTableName(raw, 'table')
    return `${table.sql} ${identifierOption(table.name, 'label')} ${pgTables({ events: raw }).versionConstraint}`
  } catch (err) {
    if (err instanceof ValidationError && isValidationError(err)) return err.path
    throw err
  }
}
// @ts-expect-error a definition needs its five calls
defineProvider({ name: 'x', limit: 1 })
