// docs/writing-a-provider.md shows the custom-provider project's files: each code block
// after a `<!-- snippet: <path> -->` line must be that file, character for character.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RehearsalFailed } from './run-command.mjs'

/** Checks every snippet of `guide` (a path under `root`); returns the paths checked. */
export function checkGuideSnippets(root, guide) {
  const text = readFileSync(join(root, guide), 'utf8')
  const pattern = /<!-- snippet: (\S+) -->\s*\n(`{3,})[a-z]*\n([\s\S]*?)^\2$/gm
  const checked = []
  for (const [, path, , block] of text.matchAll(pattern)) {
    const file = readFileSync(join(root, path), 'utf8')
    if (block !== file) {
      throw new RehearsalFailed(`${guide}: the block after <!-- snippet: ${path} --> is not that file; copy the file into the guide`)
    }
    checked.push(path)
  }
  const markers = text.split('<!-- snippet:').length - 1
  if (markers !== checked.length) throw new RehearsalFailed(`${guide}: ${markers - checked.length} snippet markers are not followed by a code block`)
  return checked
}
