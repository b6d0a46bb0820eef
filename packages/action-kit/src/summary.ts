import * as core from '@actions/core';
import { escapeMarkdown } from './markdown.js';

/** A cell is plain text (escaped) or Markdown the action built itself (e.g. a link). */
export type Cell = string | { markdown: string };

function render(cell: Cell): string {
  return typeof cell === 'string' ? escapeMarkdown(cell) : cell.markdown;
}

/** Builds the step summary as Markdown; every piece of user text is escaped. */
export class StepSummary {
  private readonly parts: string[] = [];

  heading(text: string, level = 3): this {
    this.parts.push(`${'#'.repeat(level)} ${escapeMarkdown(text)}\n`);
    return this;
  }

  paragraph(...cells: Cell[]): this {
    this.parts.push(`${cells.map(render).join(' ')}\n`);
    return this;
  }

  table(header: string[], rows: Cell[][]): this {
    const line = (cells: Cell[]) => `| ${cells.map(render).join(' | ')} |`;
    this.parts.push([line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n') + '\n');
    return this;
  }

  /** A two-column table of facts. */
  facts(rows: [string, Cell][]): this {
    return this.table(['', ''], rows.map(([name, value]) => [{ markdown: `**${escapeMarkdown(name)}**` }, value]));
  }

  details(title: string, body: string): this {
    this.parts.push(`<details><summary>${escapeMarkdown(title)}</summary>\n\n\`\`\`\n${body.replace(/```/g, '`\u200b``')}\n\`\`\`\n</details>\n`);
    return this;
  }

  toMarkdown(): string {
    return this.parts.join('\n');
  }

  /** Appends to $GITHUB_STEP_SUMMARY; a runner without one (e.g. act) just gets no summary. */
  async write(): Promise<void> {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(this.toMarkdown(), true).write();
  }
}
