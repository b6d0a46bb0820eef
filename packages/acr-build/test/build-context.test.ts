import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBuildContext } from '../src/build-context.js';

let root: string;
let workspace: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'te-context-'));
  workspace = join(root, 'workspace');
  mkdirSync(join(workspace, 'services', 'migrate', 'docker'), { recursive: true });
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(workspace, 'services', 'migrate', 'docker', 'prod.Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(root, 'Dockerfile.outside'), 'FROM scratch\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('resolveBuildContext', () => {
  test('resolves the context in the workspace and the Dockerfile in the context', () => {
    expect(resolveBuildContext(workspace, '.', 'Dockerfile')).toEqual({ contextDir: workspace, dockerfile: 'Dockerfile', dockerfileAsGiven: 'Dockerfile' });
    expect(resolveBuildContext(workspace, 'services/migrate', 'docker/prod.Dockerfile')).toEqual({ contextDir: join(workspace, 'services', 'migrate'), dockerfile: 'docker/prod.Dockerfile', dockerfileAsGiven: 'docker/prod.Dockerfile' });
    expect(resolveBuildContext(workspace, './services/../services/migrate/', './docker/prod.Dockerfile').dockerfile).toBe('docker/prod.Dockerfile');
  });

  test.each([
    ['..', 'Dockerfile', "Input 'context' has the value \"..\", which points outside the workspace"],
    [join('/', 'etc'), 'Dockerfile', 'points outside the workspace'],
    ['missing', 'Dockerfile', "Input 'context' has the value \"missing\", which does not exist in the workspace"],
    ['Dockerfile', 'Dockerfile', 'which is not a directory'],
    ['.', 'Nope.Dockerfile', "Input 'dockerfile' has the value \"Nope.Dockerfile\", but Nope.Dockerfile does not exist"],
    ['.', '../Dockerfile.outside', 'points outside the build context'],
    ['.', '/etc/passwd', 'an absolute path'],
    ['.', 'services', 'which is not a file'],
  ])('context %j, dockerfile %j → %s', (context, dockerfile, message) => {
    expect(() => resolveBuildContext(workspace, context, dockerfile)).toThrow(message);
  });

  test('symbolic links may not lead the context or the Dockerfile out', () => {
    symlinkSync(root, join(workspace, 'up'));
    symlinkSync(join(root, 'Dockerfile.outside'), join(workspace, 'linked.Dockerfile'));
    expect(() => resolveBuildContext(workspace, 'up', 'Dockerfile.outside')).toThrow('resolves (through a symbolic link) outside the workspace');
    expect(() => resolveBuildContext(workspace, '.', 'linked.Dockerfile')).toThrow('resolves (through a symbolic link) outside the build context');
  });
});
