// Suspicious-entry signals for the marketer: many entries from one address or browser, entries in
// the first seconds after opening, throwaway e-mail domains.
import type { Campaign } from './campaign-repository.js'
import type { Entry, EntryRepository } from './entry-repository.js'
import { isThrowawayDomain } from './throwaway-domains.js'

/** Thresholds of the suspicious-entry signals. */
export const SIGNALS = {
  entriesPerIp: 3,
  entriesPerDevice: 3,
  secondsAfterOpening: 10,
} as const

export type Signal = 'sharedIp' | 'sharedDevice' | 'fastAfterOpening' | 'throwawayEmail'

export type EntryWithSignals = { entry: Entry; signals: { code: Signal; count?: number }[] }

/** The latest entries with their signals. */
export async function entriesWithSignals(
  entries: EntryRepository,
  campaign: Campaign,
  limit = 200,
): Promise<EntryWithSignals[]> {
  const [latest, sharedIp, sharedDevice] = await Promise.all([
    entries.latest(campaign.id, limit),
    entries.sharedOrigins(campaign.id, 'ipHash', SIGNALS.entriesPerIp),
    entries.sharedOrigins(campaign.id, 'deviceHash', SIGNALS.entriesPerDevice),
  ])
  const fastBefore = campaign.opensAt.getTime() + SIGNALS.secondsAfterOpening * 1000
  return latest.map((entry) => {
    const signals: EntryWithSignals['signals'] = []
    if (entry.ipHash && sharedIp.has(entry.ipHash))
      signals.push({ code: 'sharedIp', count: sharedIp.get(entry.ipHash) })
    if (entry.deviceHash && sharedDevice.has(entry.deviceHash))
      signals.push({ code: 'sharedDevice', count: sharedDevice.get(entry.deviceHash) })
    if (entry.entrant.kind === 'app' && entry.createdAt.getTime() < fastBefore)
      signals.push({ code: 'fastAfterOpening' })
    if (entry.email && isThrowawayDomain(entry.email)) signals.push({ code: 'throwawayEmail' })
    return { entry, signals }
  })
}
