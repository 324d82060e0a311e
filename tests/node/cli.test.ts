import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { run } from '../../src/cli/main.ts';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

function capture() {
  let text = '';
  return { stream: { write: (s: string) => (text += s) }, text: () => text };
}

describe('the carnet command', () => {
  it('prints its version from the installed bin, on Node 24', () => {
    const out = execFileSync(process.execPath, [join(root, pkg.bin.carnet as string), '--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe(`Carnet ${pkg.version}`);
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('refuses an unknown command with a pointer to the help and exit code 2', async () => {
    const out = capture();
    const err = capture();
    expect(await run(['frobnicate'], out.stream, err.stream)).toBe(2);
    expect(err.text()).toContain("unknown command 'frobnicate'");
  });

  it('refuses a port that is not a port', async () => {
    const out = capture();
    const err = capture();
    expect(await run(['serve', '--port', 'eighty'], out.stream, err.stream)).toBe(2);
    expect(err.text()).toContain('--port');
  });

  it('reads --name value, --name=value, flags and positionals', () => {
    expect(parseArgs(['serve', '--port', '8080', '--data-dir=/tmp/x', '--verbose'])).toEqual({
      positionals: ['serve'],
      options: { port: '8080', 'data-dir': '/tmp/x', verbose: true },
    });
  });
});
