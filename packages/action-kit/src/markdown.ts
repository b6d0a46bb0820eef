/**
 * Escapes text for a Markdown table cell or paragraph in a step summary: Markdown and HTML in a
 * user's input or a service's answer are shown as typed, never rendered.
 *
 * Line breaks (CommonMark ends a line at `\r\n`, `\r` or `\n`) become `<br>`, so a cell stays one
 * cell. GitHub's autolinks (GFM "autolink literals": `http://`, `https://`, `ftp://`, `www.`, e-mail
 * addresses, `mailto:`/`xmpp:`) are defused with a zero-width space after the scheme's colon, after
 * `www` and after every `@` (which also keeps `@name` from becoming a mention): the text reads the
 * same and is no link.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]()#!|~])/g, '\\$1')
    .replace(/^(\s*)([-+>]|\d+\.)/, '$1\\$2')
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/\b(https?|ftp|mailto|xmpp):/gi, '$1:\u200b')
    .replace(/\b(www)\./gi, '$1\u200b.')
    .replace(/@/g, '@\u200b');
}

/** A Markdown link whose text is escaped and whose target is an http(s) URL. */
export function markdownLink(text: string, url: string): string {
  if (!/^https?:\/\//.test(url)) return escapeMarkdown(text);
  return `[${escapeMarkdown(text)}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}
