// Optional JSON persistence of the sandbox state: loaded at start, written (debounced, atomically)
// after changes, flushed on close.
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { StateSnapshot } from './model.js'
import type { SandboxState } from './state.js'

export function loadSnapshot(file: string): StateSnapshot | undefined {
  if (!existsSync(file)) return undefined
  return JSON.parse(readFileSync(file, 'utf8')) as StateSnapshot
}

export class StateSaver {
  private timer: NodeJS.Timeout | undefined
  private writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly state: SandboxState,
    private readonly file: string,
    private readonly delayMs = 200,
  ) {}

  schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.save()
    }, this.delayMs)
    this.timer.unref()
  }

  save(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const body = JSON.stringify(this.state.snapshot())
      const temporary = `${this.file}.${process.pid}.tmp`
      await mkdir(dirname(this.file), { recursive: true })
      await writeFile(temporary, body)
      await rename(temporary, this.file)
    })
    return this.writing
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = undefined
      await this.save()
    }
    await this.writing
  }
}
