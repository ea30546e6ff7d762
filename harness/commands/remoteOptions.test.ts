import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { chooseBrowsers } from './common.js';
import { chooseRemotes, pageHostHint, remoteSecrets } from './remoteOptions.js';

const endpoints = (remotes: ReturnType<typeof chooseRemotes>) => remotes.map((r) => [r.name, r.endpoint.protocol, r.endpoint.url.href]);

describe('--remote and --remote-protocol', () => {
  it('name each remote and infer its protocol from its path', () => {
    const remotes = chooseRemotes({ remote: ['chromium-grid=ws://grid:4444/session/1/se/cdp', 'firefox-grid=ws://grid:4444/session/2/se/bidi'] });
    expect(endpoints(remotes)).toEqual([
      ['chromium-grid', 'cdp', 'ws://grid:4444/session/1/se/cdp'],
      ['firefox-grid', 'bidi', 'ws://grid:4444/session/2/se/bidi'],
    ]);
  });

  it('take a protocol for every remote, or NAME=protocol for one, the latter first', () => {
    const remotes = chooseRemotes({ remote: ['a=ws://h:1/x', 'b=ws://h:2/y'], 'remote-protocol': ['bidi', 'a=cdp'] });
    expect(endpoints(remotes).map(([name, protocol]) => [name, protocol])).toEqual([
      ['a', 'cdp'],
      ['b', 'bidi'],
    ]);
  });

  it.each([
    [{ remote: ['ws://h:1/x'] }, /--remote expects NAME=ws:\/\/HOST:PORT\/PATH or NAME=http:\/\/HOST:PORT/],
    [{ remote: ['bad name=ws://h:1/x'] }, /--remote expects NAME=/],
    [{ remote: ['a=ftp://h:1/x'] }, /--remote a: expected a ws\(s\):\/\/ or http\(s\):\/\/ endpoint, not ftp:/],
    [{ remote: ['a=http://h:4444'], 'remote-protocol': ['bidi'] }, /--remote a: bidi needs the WebSocket endpoint/],
    [{ remote: ['a=ws://h:1/x'], 'remote-protocol': ['a=webdriver'] }, /--remote a: classic WebDriver needs an http\(s\):\/\/ endpoint, not ws:/],
    [{ remote: ['a=not a url'] }, /--remote a: 'not a url' is not a URL/],
    [{ remote: ['a=ws://h:1/x', 'a=ws://h:2/x'] }, /--remote a is given twice/],
    [
      { remote: ['a=ws://h:1/x'], 'remote-protocol': ['classic'] },
      /--remote-protocol expects cdp, bidi, webdriver or NAME=cdp\|bidi\|webdriver, not 'classic'/,
    ],
    [{ remote: ['a=ws://h:1/x'], 'remote-protocol': ['b=cdp'] }, /no --remote is named 'b'/],
  ])('refuse %j as a usage error', (values, message) => {
    expect(() => chooseRemotes(values)).toThrow(UsageError);
    expect(() => chooseRemotes(values)).toThrow(message);
  });

  it('run only the remotes unless -b names local browsers too, and refuse a remote named like one of those', () => {
    expect(chooseBrowsers({ remote: ['grid=ws://h:1/x'] }).map((b) => b.launcher.name)).toEqual(['grid']);
    expect(chooseBrowsers({ remote: ['grid=ws://h:1/x'], browser: ['firefox'] }).map((b) => b.launcher.name)).toEqual(['firefox', 'grid']);
    expect(chooseBrowsers({}).map((b) => b.launcher.name)).toEqual(['chromium', 'firefox']);
    expect(() => chooseBrowsers({ remote: ['chromium=ws://h:1/x'], browser: ['chromium'] })).toThrow(/--remote chromium has the name of a browser -b launches/);
    expect(chooseBrowsers({ remote: ['chromium=ws://h:1/x'] }).map((b) => b.launcher.displayName)).toEqual(['chromium (remote, CDP at ws://h:1/x)']);
  });

  it("mask tokens and passwords of the endpoints, a cloud grid's access key in an http one too", () => {
    expect(remoteSecrets(chooseRemotes({ remote: ['a=wss://u:pw0rd@h/chromium?token=t0k3n'] }))).toEqual(['pw0rd', 't0k3n']);
    expect(remoteSecrets(chooseRemotes({ remote: ['cloud=https://user:acc3ssK3y@hub.example.test/wd/hub'] }))).toEqual(['acc3ssK3y']);
  });

  it('drive an http(s) endpoint over classic WebDriver, or over the se:cdp of a Grid session when asked for cdp; never show its credentials', () => {
    const remotes = chooseRemotes({
      remote: ['safari=http://192.0.2.10:4444', 'grid=https://user:k3y@grid.example.test/wd/hub', 'gridcdp=http://127.0.0.1:4444'],
      'remote-protocol': ['gridcdp=cdp'],
    });
    expect(endpoints(remotes).map(([name, protocol]) => [name, protocol])).toEqual([
      ['safari', 'webdriver'],
      ['grid', 'webdriver'],
      ['gridcdp', 'cdp'],
    ]);
    expect(remotes.map((r) => r.displayName)).toEqual([
      'safari (remote, classic WebDriver at http://192.0.2.10:4444)',
      'grid (remote, classic WebDriver at https://grid.example.test/wd/hub)',
      "gridcdp (remote, CDP relayed by a Selenium Grid session's se:cdp at http://127.0.0.1:4444)",
    ]);
  });
});

describe('pageHostHint', () => {
  it('speaks up when a remote on another machine would load pages from localhost', () => {
    const far = chooseRemotes({ remote: ['grid=ws://10.0.0.7:4444/session/1/se/cdp', 'here=ws://127.0.0.1:9222/devtools/browser/x'] });
    expect(pageHostHint(far, undefined)).toMatch(/^note: grid runs on another machine, .* pass --page-host/);
    expect(pageHostHint(far, { host: '10.0.0.5', port: 0 })).toBeNull();
    expect(pageHostHint(chooseRemotes({ remote: ['here=ws://localhost:9222/devtools/browser/x', 'v6=ws://[::1]:9222/session'] }), undefined)).toBeNull();
  });
});
