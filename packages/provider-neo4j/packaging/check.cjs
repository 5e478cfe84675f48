// Checks of the installed @evtstore/provider-neo4j tarball, run by scripts/check-packaging.mjs:
// both entry points load without neo4j-driver installed and refuse bad labels before any I/O.
'use strict'

module.exports = {
  peers: ['@evtstore/core', 'neo4j-driver'],
  /** The main entry (Neo4j 4.4 and 5): the driver goes in `client`. */
  provider: { clientKey: 'client' },
  /** The /v3 entry (Neo4j 3.5) takes the same options and is held to the same refusals. */
  async run({ load, core, tripwire, expectValidationError, syncError }) {
    const v3 = await load('@evtstore/provider-neo4j/v3')
    for (const bad of ['Ev`ents', 'events; MATCH (n) DETACH DELETE n', '', '1Events']) {
      const wire = tripwire('neo4j v3')
      const err = syncError(() => v3.createProvider({ client: wire.client, events: bad }))
      expectValidationError(err, core, `@evtstore/provider-neo4j/v3 createProvider events ${JSON.stringify(bad)}`)
      if (wire.calls.length > 0) throw new Error('@evtstore/provider-neo4j/v3 touched the client before refusing')
    }
  },
}
