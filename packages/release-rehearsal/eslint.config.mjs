// The shared rules, plus Node's globals: this package is plain ES modules run by Node.
import shared from '../../eslint.config.mjs'

const node = ['process', 'console', 'fetch', 'setTimeout', 'clearTimeout', 'URL', 'Buffer']

export default [...shared, { files: ['src/**/*.mjs'], languageOptions: { globals: Object.fromEntries(node.map((n) => [n, 'readonly'])) } }]
