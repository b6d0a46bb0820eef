import { escapeMarkdown, markdownLink } from '../src/markdown.js';
import { StepSummary } from '../src/summary.js';
import { redactUrl } from '../src/masking.js';

describe('markdown escaping', () => {
  test('HTML and Markdown in user text are shown, not rendered', () => {
    const text = escapeMarkdown('<script>alert(1)</script> **bold** [x](javascript:y) | pipe\nnext');
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;');
    expect(text).toContain('\\*\\*bold\\*\\*');
    expect(text).toContain('\\[x\\]\\(javascript:y\\)');
    expect(text).toContain('\\| pipe<br>next');
  });

  test('links only for http(s) targets', () => {
    expect(markdownLink('job', 'https://portal.azure.com/#resource/x')).toBe('[job](https://portal.azure.com/#resource/x)');
    expect(markdownLink('job', 'javascript:alert(1)')).toBe('job');
  });

  test('summary tables escape cells but keep built Markdown', () => {
    const markdown = new StepSummary().table(['a', 'b'], [['x|y', { markdown: '[l](https://e.x)' }]]).toMarkdown();
    expect(markdown).toBe('| a | b |\n| --- | --- |\n| x\\|y | [l](https://e.x) |\n');
  });

  test('SAS query strings are redacted', () => {
    expect(redactUrl('PUT https://acct.blob.core.windows.net/c/b.tar.gz?sv=2020&sig=SECRET done')).toBe('PUT https://acct.blob.core.windows.net/c/b.tar.gz?<redacted> done');
  });
});

describe('untrusted text in a rendered step summary (GFM, as micromark renders it)', () => {
  const render = async (markdown: string) => {
    const { micromark } = await import('micromark');
    const { gfm, gfmHtml } = await import('micromark-extension-gfm');
    // Raw HTML passes, as GitHub lets <br> through its sanitiser.
    return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
  };
  const table = (cell: string) => new StepSummary().table(['status', 'detail'], [['Failed', cell]]).toMarkdown();

  test('a lone \\r, \\n or \\r\\n does not end the table row', async () => {
    for (const breakChar of ['\r', '\n', '\r\n']) {
      const html = await render(table(`first${breakChar}| forged | row |${breakChar}# heading`));
      expect(html.match(/<tr>/g)).toHaveLength(2);
      expect(html).not.toContain('<h1>');
      expect(html).toContain('first<br>| forged | row |<br># heading');
    }
  });

  test('bare URLs, www. and e-mail addresses are not links; the text reads the same', async () => {
    const text = 'see https://evil.example/login, http://x.example, www.evil.example, ftp://f.example, mailto:a@b.example, ops@contoso.example and @alice';
    const html = await render(table(text));
    expect(html).not.toContain('<a');
    // Without escaping, the same text is full of links.
    expect(await render(text)).toContain('<a href="https://evil.example/login"');
    expect(html.replace(/\u200b/g, '')).toContain(text);
  });

  test('a link the summary builds is still a link', async () => {
    const html = await render(new StepSummary().table(['job'], [[{ markdown: markdownLink('portal', 'https://portal.azure.com/#x') }]]).toMarkdown());
    expect(html).toContain('<a href="https://portal.azure.com/#x">portal</a>');
  });
});
