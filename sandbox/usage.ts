// Rate-limit bookkeeping: the app's hourly Platform window and each page's daily Business Use
// Case window, reported in X-App-Usage / X-Business-Use-Case-Usage and enforced at 100%.

export interface UsageLimits {
  /** Platform limit: calls per hour for the app (user and app tokens) */
  appCallsPerHour: number
  /** BUC limit: calls per 24 hours per page (page tokens) */
  pageCallsPerDay: number
}

export const DEFAULT_LIMITS: UsageLimits = { appCallsPerHour: 200_000, pageCallsPerDay: 480_000 }

const HOUR_MS = 3600_000
const DAY_MS = 24 * HOUR_MS

interface Window {
  start: number
  count: number
}

export interface UsageOverride {
  callCount: number
  estimatedMinutes: number
}

export interface AppUsage {
  call_count: number
  total_time: number
  total_cputime: number
}

export interface PageUsage extends AppUsage {
  type: 'pages'
  estimated_time_to_regain_access: number
}

export class UsageMeter {
  private app: Window = { start: 0, count: 0 }
  private pages = new Map<string, Window>()
  appOverride: UsageOverride | undefined
  pageOverrides = new Map<string, UsageOverride>()

  constructor(
    private readonly limits: UsageLimits,
    private readonly now: () => number,
  ) {}

  reset(): void {
    this.app = { start: 0, count: 0 }
    this.pages.clear()
    this.appOverride = undefined
    this.pageOverrides.clear()
  }

  countApp(): AppUsage {
    this.app = bump(this.app, this.now(), HOUR_MS)
    return this.appUsage()
  }

  countPage(pageId: string): PageUsage {
    this.pages.set(pageId, bump(this.pages.get(pageId), this.now(), DAY_MS))
    return this.pageUsage(pageId)
  }

  appUsage(): AppUsage {
    const computed = percent(this.app.count, this.limits.appCallsPerHour)
    return spread(Math.max(computed, this.appOverride?.callCount ?? 0))
  }

  /** Minutes until the app window frees up, when it is at its limit. */
  appMinutesToRegain(): number {
    if (this.appOverride && this.appOverride.callCount >= 100) return this.appOverride.estimatedMinutes
    return Math.ceil((this.app.start + HOUR_MS - this.now()) / 60_000)
  }

  pageUsage(pageId: string): PageUsage {
    const window = this.pages.get(pageId) ?? { start: this.now(), count: 0 }
    const override = this.pageOverrides.get(pageId)
    const callCount = Math.max(percent(window.count, this.limits.pageCallsPerDay), override?.callCount ?? 0)
    let estimated = 0
    if (override && override.callCount >= 100) estimated = override.estimatedMinutes
    else if (callCount >= 100) estimated = Math.ceil((window.start + DAY_MS - this.now()) / 60_000)
    return { type: 'pages', ...spread(callCount), estimated_time_to_regain_access: estimated }
  }

  static appHeader(usage: AppUsage): string {
    return JSON.stringify(usage)
  }

  static pageHeader(pageId: string, usage: PageUsage): string {
    return JSON.stringify({ [pageId]: [usage] })
  }
}

function bump(window: Window | undefined, now: number, length: number): Window {
  if (!window || now - window.start >= length) return { start: now, count: 1 }
  window.count += 1
  return window
}

function percent(count: number, limit: number): number {
  return Math.min(100, Math.ceil((count * 100) / Math.max(1, limit)))
}

function spread(callCount: number): AppUsage {
  // CPU and time percentages trail the call count, as they usually do on Graph.
  return {
    call_count: callCount,
    total_time: Math.floor(callCount * 0.6),
    total_cputime: Math.floor(callCount * 0.5),
  }
}
