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
    [{ remote: ['ws://h:1/x'] }, /--remote expects NAME=ws:\/\/HOST:PORT\/PATH/],
    [{ remote: ['bad name=ws://h:1/x'] }, /--remote expects NAME=/],
    [{ remote: ['a=http://h:1/x'] }, /--remote a: expected a ws:\/\/ or wss:\/\/ endpoint, not http:/],
    [{ remote: ['a=not a url'] }, /--remote a: 'not a url' is not a URL/],
    [{ remote: ['a=ws://h:1/x', 'a=ws://h:2/x'] }, /--remote a is given twice/],
    [{ remote: ['a=ws://h:1/x'], 'remote-protocol': ['webdriver'] }, /--remote-protocol expects cdp, bidi or NAME=cdp\|bidi, not 'webdriver'/],
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

  it('mask tokens and passwords of the endpoints', () => {
    expect(remoteSecrets(chooseRemotes({ remote: ['a=wss://u:pw0rd@h/chromium?token=t0k3n'] }))).toEqual(['pw0rd', 't0k3n']);
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
