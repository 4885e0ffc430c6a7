// Inbox search: what a moderator types is matched as text, never as a pattern or a query operator.

/** The text as a regular expression that matches exactly that text (every special character escaped). */
export function literalPattern(text: string): string {
  return text.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
