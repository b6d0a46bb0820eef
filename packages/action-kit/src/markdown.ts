/**
 * Escapes text for a Markdown table cell or paragraph in a step summary: Markdown and HTML in a
 * user's input are shown as typed, never rendered.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]()#!|~])/g, '\\$1')
    .replace(/^(\s*)([-+>]|\d+\.)/, '$1\\$2')
    .replace(/\r?\n/g, '<br>');
}

/** A Markdown link whose text is escaped and whose target is an http(s) URL. */
export function markdownLink(text: string, url: string): string {
  if (!/^https?:\/\//.test(url)) return escapeMarkdown(text);
  return `[${escapeMarkdown(text)}](${url.replace(/[()\s]/g, encodeURIComponent)})`;
}
