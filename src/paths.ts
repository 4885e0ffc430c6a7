// Locations of files shipped beside the code (views), the same from src/ (tsx) and from dist/ (built).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

function findProjectRoot(start: string): string {
  let dir = start
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`no package.json above ${start}`)
    dir = parent
  }
  return dir
}

export const projectRoot = findProjectRoot(import.meta.dirname)
export const viewsDir = join(projectRoot, 'views')
