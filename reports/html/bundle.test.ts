import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script, createContext, runInContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleModules } from './bundle.js';
import { loadAssets } from './render.js';

const dirs: string[] = [];
function modules(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'webrtc-harness-bundle-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('bundleModules', () => {
  it('runs modules in dependency order, each in its own scope, with renamed imports', () => {
    const dir = modules({
      'main.js': "import { twice as double, name } from './util.js';\nimport { name as other } from './other.js';\nlog(double(21), name, other);\n//# sourceMappingURL=main.js.map\n",
      'util.js': "import { name as base } from './other.js';\nconst hidden = 2;\nexport function twice(n) { return n * hidden; }\nexport const name = 'util+' + base;\n",
      'other.js': "export const name = 'other';\nexport {};\n",
    });
    const logged: unknown[] = [];
    runInContext(bundleModules(dir, 'main'), createContext({ log: (...args: unknown[]) => logged.push(...args) }));
    expect(logged).toEqual([42, 'util+other', 'other']);
  });

  it('refuses statements it cannot rewrite and import cycles, naming the module', () => {
    expect(() => bundleModules(modules({ 'main.js': "import x from './y.js';\n" }), 'main')).toThrow(/main\.js: unsupported statement/);
    expect(() => bundleModules(modules({ 'main.js': 'export default 1;\n' }), 'main')).toThrow(/unsupported statement/);
    expect(() => bundleModules(modules({ 'main.js': "import { a } from './b.js';\nexport const c = 1;\n", 'b.js': "import { c } from './main.js';\nexport const a = 1;\n" }), 'main')).toThrow(/cycle/);
  });

  it('turns the compiled report page into one script that compiles', () => {
    expect(() => new Script(loadAssets().app)).not.toThrow();
  });
});
