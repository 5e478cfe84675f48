// Checks of the installed @evtstore/provider-pg tarball, run by scripts/check-packaging.mjs:
// it loads without pg installed and refuses bad table names before any I/O.
'use strict'

module.exports = {
  peers: ['@evtstore/core', 'pg'],
  /** The options shape for the shared provider checks: the client goes in `client`. */
  provider: { clientKey: 'client' },
}
