// Well-known disposable e-mail domains: an entry with one is flagged (not refused) for the marketer.
const THROWAWAY = new Set([
  '10minutemail.com',
  'dispostable.com',
  'getnada.com',
  'guerrillamail.com',
  'maildrop.cc',
  'mailinator.com',
  'mintemail.com',
  'sharklasers.com',
  'temp-mail.org',
  'tempmail.com',
  'throwawaymail.com',
  'trashmail.com',
  'yopmail.com',
])

export function isThrowawayDomain(email: string): boolean {
  const domain = email.split('@').pop()?.toLowerCase().trim() ?? ''
  return THROWAWAY.has(domain)
}
