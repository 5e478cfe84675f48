// Checks of the installed @evtstore/provider-postgres tarball, run by scripts/check-packaging.mjs:
// it loads without postgres.js installed and refuses bad table names before any I/O.
'use strict'

module.exports = {
  peers: ['@evtstore/core', 'postgres'],
  /** postgres.js's `sql` is a function with methods; it goes in `sql`. */
  provider: { clientKey: 'sql', callable: true },
}
