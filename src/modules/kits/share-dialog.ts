// Facebook's Share Dialog for a person's tracked link. Meta's Platform Terms forbid prefilling the
// message a person shares, so the dialog gets only the link (href) and a hashtag, never a quote.
export type ShareDialogInput = {
  /** e.g. https://www.facebook.com (FACEBOOK_DIALOG_URL; the sandbox in development and tests) */
  dialogBase: string
  appId: string
  href: string
  hashtag: string | null
  /** where Facebook sends the person after sharing */
  redirectUri: string
}

export function shareDialogUrl(input: ShareDialogInput): string {
  const url = new URL('/dialog/share', input.dialogBase)
  url.searchParams.set('app_id', input.appId)
  url.searchParams.set('display', 'popup')
  url.searchParams.set('href', input.href)
  if (input.hashtag) url.searchParams.set('hashtag', input.hashtag)
  url.searchParams.set('redirect_uri', input.redirectUri)
  return url.toString()
}
