// Checks of the installed @evtstore/core tarball, run by scripts/check-packaging.mjs in a
// throwaway project outside the repository (see CONTRIBUTING.md, "Packaging checks").
'use strict'

module.exports = {
  /** The peers the published manifest may declare. */
  peers: [],
  /** Name validation of the neutral toolkit refuses bad names with core's ValidationError, before any I/O. */
  async run({ load, expectValidationError, syncError }) {
    const core = await load('@evtstore/core')
    const toolkit = await load('@evtstore/core/toolkit')
    const table = syncError(() => toolkit.parseTableName('events; drop table users', 'options.events'))
    expectValidationError(table, core, '@evtstore/core/toolkit parseTableName')
    const label = syncError(() => toolkit.identifierOption('Ev`ents', 'options.events'))
    expectValidationError(label, core, '@evtstore/core/toolkit identifierOption')
    const postgres = await load('@evtstore/core/postgres')
    const pgTable = syncError(() => postgres.pgTables({ events: 'ev"ents' }))
    expectValidationError(pgTable, core, '@evtstore/core/postgres pgTables')
  },
}
