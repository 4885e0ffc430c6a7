// Saved replies with placeholders, and the thank-you Fanfare suggests for a positive comment.
import type { Comment } from './comment-repository.js'

export type ReplyValues = { firstName: string; orderNumber?: string }

/** The first word of the commenter's name, as a greeting uses it. */
export function firstNameOf(comment: Pick<Comment, 'from'>): string {
  return (comment.from?.name ?? '').trim().split(/\s+/)[0] ?? ''
}

/** Fills {first_name} and {order_number}; unknown placeholders stay as typed. */
export function fillPlaceholders(text: string, values: ReplyValues): string {
  return text
    .replaceAll('{first_name}', values.firstName)
    .replaceAll('{order_number}', values.orderNumber ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim()
}

const THANKS = {
  nl: 'Dank je wel, {first_name}! Fijn om te horen, daar worden we blij van. 😊',
  en: 'Thank you, {first_name}! Lovely to hear, that made our day. 😊',
} as const

/** A thank-you in the comment's language for a positive comment, else nothing. */
export function suggestedThanks(comment: Pick<Comment, 'from' | 'sentiment' | 'language'>): string | null {
  if (comment.sentiment !== 'positive') return null
  const text = comment.language === 'en' ? THANKS.en : THANKS.nl
  return fillPlaceholders(text, { firstName: firstNameOf(comment) })
}

/** Saved replies a fresh install starts with, in Dutch and English. */
export const DEFAULT_SAVED_REPLIES = [
  {
    name: 'Excuses levering',
    language: 'nl',
    text: 'Hoi {first_name}, wat vervelend dat je bestelling {order_number} nog niet binnen is! Stuur ons een privébericht met je ordernummer, dan zoeken we het meteen uit.',
  },
  {
    name: 'Kapot ontvangen',
    language: 'nl',
    text: 'Hoi {first_name}, sorry dat je product kapot is aangekomen. We sturen je graag een nieuwe; stuur je ordernummer {order_number} via een privébericht?',
  },
  {
    name: 'Ordernummer vragen',
    language: 'nl',
    text: 'Hoi {first_name}, vervelend om te lezen! Wil je ons je ordernummer sturen in een privébericht? Dan zoeken we het meteen voor je uit.',
  },
  {
    name: 'Delivery apology',
    language: 'en',
    text: 'Hi {first_name}, sorry your order {order_number} has not arrived yet! Send us a private message with your order number and we will look into it right away.',
  },
  {
    name: 'Damaged on arrival',
    language: 'en',
    text: 'Hi {first_name}, sorry your product arrived damaged. We will gladly send a new one; could you send order number {order_number} in a private message?',
  },
  {
    name: 'Ask for the order number',
    language: 'en',
    text: 'Hi {first_name}, sorry to read that! Could you send us your order number in a private message? Then we will look into it right away.',
  },
] as const
