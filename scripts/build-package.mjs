#!/usr/bin/env node
// Builds the package in the current directory twice: ES modules into dist/esm and
// CommonJS into dist/cjs, each with its own type declarations and a package.json
// marker so Node picks the right module system for each folder.
import { execFileSync } from 'node:child_process'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const tsc = require.resolve('typescript/bin/tsc')
const cwd = process.cwd()

// Build next to the current output and swap at the end, so packages that import this
// one (in a watch or a parallel build) never see a half-empty dist folder.
const next = join(cwd, 'dist.next')
rmSync(next, { recursive: true, force: true })
const builds = [
  { dir: 'esm', type: 'module', flags: ['--module', 'ES2022', '--moduleResolution', 'bundler'] },
  { dir: 'cjs', type: 'commonjs', flags: ['--module', 'CommonJS', '--moduleResolution', 'node10'] },
]
for (const build of builds) {
  const outDir = join('dist.next', build.dir)
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir, ...build.flags], {
    stdio: 'inherit',
    cwd,
  })
  mkdirSync(join(cwd, outDir), { recursive: true })
  writeFileSync(join(cwd, outDir, 'package.json'), JSON.stringify({ type: build.type }) + '\n')
}
rmSync(join(cwd, 'dist'), { recursive: true, force: true })
renameSync(next, join(cwd, 'dist'))
