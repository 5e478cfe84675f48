// Checks of the installed @evtstore/provider-knex tarball, run by scripts/check-packaging.mjs:
// it loads without knex installed and refuses bad table names before any I/O.
'use strict'

module.exports = {
  peers: ['@evtstore/core', 'knex'],
  /** knex reads its dialect from `client.client`; the stand-in says it is Postgres over pg. */
  provider: { clientKey: 'client', plain: { client: { dialect: 'postgresql', driverName: 'pg' } } },
}
