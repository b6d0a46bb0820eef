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
