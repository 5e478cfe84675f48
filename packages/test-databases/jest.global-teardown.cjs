module.exports = require('./dist/cjs/jest-global-teardown.js')
