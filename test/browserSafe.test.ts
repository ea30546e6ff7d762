// core/ and probe page code are compiled with the browser's types and without Node's
// (core/tsconfig.json, probes/tsconfig.pages.json, both run by `npm run build`). These tests
// prove the configurations hold today and would reject a Node import or global.
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { PACKAGE_ROOT } from '../reports/paths.js';

const BROWSER_CONFIGS = ['core/tsconfig.json', 'probes/tsconfig.pages.json'];

/** The compiler's errors for a configuration, with `extraFiles` (name -> text) added to its roots. */
function compile(config: string, extraFiles: Readonly<Record<string, string>> = {}): string[] {
  const configPath = join(PACKAGE_ROOT, config);
  const { config: raw } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(raw, ts.sys, join(configPath, '..'), undefined, configPath);
  const extra = new Map(Object.entries(extraFiles).map(([name, text]) => [join(PACKAGE_ROOT, name), text]));
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => extra.get(file) ?? readFile(file);
  host.fileExists = (file) => extra.has(file) || ts.sys.fileExists(file);
  const program = ts.createProgram({ rootNames: [...parsed.fileNames, ...extra.keys()], options: parsed.options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe.each(BROWSER_CONFIGS)('%s (browser types, no Node types)', (config) => {
  it('is part of npm run build', () => {
    expect(packageJson.scripts.build).toContain(`tsc -p ${config}`);
  });

  it('compiles without errors', () => {
    expect(compile(config)).toEqual([]);
  }, 30_000);

  it('rejects a Node built-in import and a Node global', () => {
    const dir = config.slice(0, config.indexOf('/'));
    const errors = compile(config, {
      [`${dir}/usesNode.ts`]: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\nexport const env = process.env;\n",
    });
    expect(errors).toEqual([expect.stringContaining("Cannot find module 'node:fs'"), expect.stringContaining("Cannot find name 'process'")]);
  }, 30_000);
});
