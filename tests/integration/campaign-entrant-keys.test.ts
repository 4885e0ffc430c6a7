// Entries stored before entrant keys existed get theirs when the unique index on them is first
// built, so the index alone keeps a fan to one entry, also one whose entry was pseudonymised then.
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newEntryRef } from '../../src/modules/campaigns/draw.js'
import { createEntryRepository } from '../../src/modules/campaigns/entry-repository.js'
import { pseudonymOf } from '../../src/modules/campaigns/privacy.js'
import { type Fanfare, startFanfare } from '../helpers/fanfare.js'

describe('entrant keys of entries stored before them', () => {
  let fanfare: Fanfare
  beforeAll(async () => {
    fanfare = await startFanfare()
  })
  afterAll(() => fanfare.close())

  it('keys older entries once, then refuses their fans, pseudonymised or not', async () => {
    const raw = fanfare.app.store.connection.collection('campaignentries')
    // As a database from before: no entrant keys, no index on them.
    await raw.dropIndex('campaignId_1_entrantKey_1')
    const key = Buffer.alloc(32, 7)
    const entrantKeyOf = (kind: string, id: string) => pseudonymOf(key, `${kind}:${id}`)
    const campaignId = new Types.ObjectId()
    const old = (entrant: { kind: string; id: string }, pseudonymisedAt: Date | null) => ({
      campaignId,
      ref: newEntryRef(),
      entrant: { ...entrant, name: '' },
      status: 'active',
      pseudonymisedAt,
    })
    await raw.insertMany([
      old({ kind: 'app', id: 'fan-kept' }, null),
      old({ kind: 'app', id: entrantKeyOf('app', 'fan-deleted') }, new Date()),
      old({ kind: 'page', id: 'commenter' }, null),
    ])

    const entries = await createEntryRepository(fanfare.app.store.connection, { entrantKeyOf })
    const stored = await raw.find({ campaignId }).toArray()
    expect(stored.map((e) => e.entrantKey).sort()).toEqual(
      [
        entrantKeyOf('app', 'fan-kept'),
        entrantKeyOf('app', 'fan-deleted'),
        entrantKeyOf('page', 'commenter'),
      ].sort(),
    )
    const enter = (kind: 'app' | 'page', id: string) =>
      entries.enterOnce({
        campaignId: String(campaignId),
        ref: newEntryRef(),
        entrant: { kind, id, name: '' },
      })
    expect(await enter('app', 'fan-kept')).toBe('alreadyEntered')
    expect(await enter('app', 'fan-deleted')).toBe('alreadyEntered')
    expect(await enter('page', 'commenter')).toBe('alreadyEntered')
    expect(await enter('app', 'fan-new')).toMatchObject({ entrant: { id: 'fan-new' } })
    expect(await raw.countDocuments({ campaignId })).toBe(4)
  })
})
