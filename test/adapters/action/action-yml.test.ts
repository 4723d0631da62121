// action.yml and the code agree: every input the Action reads is declared (with the documented
// defaults), every output it sets is declared, and it runs the committed bundle with node24.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../../src/adapters/action/run.ts';
import { root } from '../cli/harness.ts';

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'));

describe('action.yml', () => {
  it('runs dist/index.js with node24, a file git does not ignore (the other dist files it does)', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(action.branding).toMatchObject({ icon: expect.any(String), color: expect.any(String) });
    const ignored = (path: string) => {
      try {
        execFileSync('git', ['check-ignore', '-q', path], { cwd: root });
        return true;
      } catch {
        return false;
      }
    };
    expect(ignored('dist/index.js')).toBe(false);
    expect(ignored('dist/cli.js')).toBe(true);
    expect(ignored('dist/app.js')).toBe(true);
  });

  it('declares every input the Action reads, with the defaults of DESIGN §7', () => {
    const read: string[] = [];
    readInputs((name) => {
      read.push(name);
      return '';
    });
    expect(Object.keys(action.inputs).sort()).toEqual([...new Set(read)].sort());
    expect(action.inputs['github-token'].default).toBe('${{ github.token }}');
    expect(action.inputs['fail-on'].default).toBe('error');
    expect(action.inputs['comment'].default).toBe('true');
    expect(action.inputs['gate'].default).toBe('status');
    expect(action.inputs['inventory'].default).toBe('false');
    expect(Object.keys(action.outputs).sort()).toEqual(['decision', 'errors', 'inventory-issue', 'report', 'warnings']);
  });

  it('reads the declared defaults as documented, and refuses an unknown choice', () => {
    const defaults = (name: string) => String(action.inputs[name]?.default ?? '');
    expect(readInputs(defaults)).toMatchObject({ token: '${{ github.token }}', failOn: 'error', comment: true, gate: 'status' });
    expect(readInputs(defaults).sarifFile).toBeUndefined();
    expect(readInputs((n) => (n === 'docs-url' ? 'https://docs.example.com/rules/{id}' : defaults(n))).ruleDocsUrl).toBe('https://docs.example.com/rules/{id}');
    expect(() => readInputs((n) => (n === 'docs-url' ? 'javascript:alert(1)' : defaults(n)))).toThrow(/input docs-url/);
    expect(readInputs((n) => (n === 'format' ? 'sarif' : defaults(n))).sarifFile).toBe('modelgate.sarif');
    expect(() => readInputs((n) => (n === 'gate' ? 'block' : defaults(n)))).toThrow(/input gate: expected one of status, fail, off/);
  });
});
