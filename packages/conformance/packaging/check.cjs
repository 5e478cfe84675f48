// Checks of the installed @evtstore/conformance tarball, run by scripts/check-packaging.mjs.
'use strict'
const assert = require('node:assert/strict')

module.exports = {
  peers: ['@evtstore/core', 'fast-check'],
  async run({ load }) {
    const suite = await load('@evtstore/conformance')
    for (const name of ['runProviderConformance', 'runOrderingStress', 'assertStressComplete', 'countStress']) {
      assert.equal(typeof suite[name], 'function', `@evtstore/conformance: ${name} is a function`)
    }
  },
}
