// npm run pin-actions -- <owner>/<repo>@<ref>   re-points every reference to this repository's actions
//                                                and reusable workflows in .github/workflows and
//                                                workflows-examples (forks, or pinning a commit SHA)
// npm run pin-actions -- --check [<owner>/<repo>@<ref>]
//                                                fails unless every reference names one location (that one,
//                                                when given); writes nothing
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPublishedReferences, formatLocation, parseLocation, repointPublishedReferences, type OwnPaths } from './published-references.ts';

const root = process.cwd();
const WORKFLOW_DIRECTORIES = ['.github/workflows', 'workflows-examples'];

function workflowFiles(): string[] {
  return WORKFLOW_DIRECTORIES.filter((directory) => existsSync(join(root, directory))).flatMap((directory) =>
    readdirSync(join(root, directory)).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(directory, name)),
  );
}

function ownPaths(): OwnPaths {
  const actions = readdirSync(root).filter((name) => !name.startsWith('.') && name !== 'node_modules' && statSync(join(root, name)).isDirectory() && existsSync(join(root, name, 'action.yml')));
  const workflows = existsSync(join(root, '.github/workflows')) ? readdirSync(join(root, '.github/workflows')).filter((name) => /\.ya?ml$/.test(name)) : [];
  return { actions, workflows };
}

function main(args: string[]): number {
  const check = args.includes('--check');
  const positional = args.filter((arg) => arg !== '--check');
  if (positional.length > 1 || (!check && positional.length !== 1)) {
    console.error('usage: npm run pin-actions -- <owner>/<repo>@<ref>\n       npm run pin-actions -- --check [<owner>/<repo>@<ref>]');
    return 2;
  }
  const target = positional[0] === undefined ? undefined : parseLocation(positional[0]);
  const own = ownPaths();
  if (check) {
    const locations = new Map<string, string[]>();
    for (const file of workflowFiles()) {
      for (const reference of findPublishedReferences(readFileSync(join(root, file), 'utf8'), own)) {
        const location = formatLocation(reference);
        locations.set(location, [...(locations.get(location) ?? []), `${file}: ${reference.path}`]);
      }
    }
    const expected = target ? formatLocation(target) : [...locations.keys()][0];
    const wrong = [...locations].filter(([location]) => location !== expected);
    if (wrong.length) {
      console.error(`References must all name ${expected}; these do not:`);
      for (const [location, where] of wrong) for (const each of where) console.error(`  ${each} @ ${location}`);
      console.error(`Fix with: npm run pin-actions -- ${expected}`);
      return 1;
    }
    if (target && locations.size === 0) {
      console.error('No references to this repository\'s actions or reusable workflows were found.');
      return 1;
    }
    console.log(`${[...locations.values()].flat().length} references name ${expected ?? '(none)'}.`);
    return 0;
  }
  let changed = 0;
  for (const file of workflowFiles()) {
    const before = readFileSync(join(root, file), 'utf8');
    const after = repointPublishedReferences(before, target!, own);
    if (after !== before) {
      writeFileSync(join(root, file), after);
      changed++;
      console.log(`re-pointed ${findPublishedReferences(after, own).length} references in ${file}`);
    }
  }
  console.log(`${changed} file(s) now reference ${formatLocation(target!)}.`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
