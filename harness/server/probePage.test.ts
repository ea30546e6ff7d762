import { describe, expect, it } from 'vitest';
import { renderProbePage } from './probePage.js';

describe('renderProbePage', () => {
  it('boots the page kit with the probe module and, when asked, webrtc-adapter', () => {
    expect(renderProbePage('probes/devices/page.js', 'on')).toContain('"pageModuleUrl":"/code/probes/devices/page.js","adapterUrl":"/vendor/webrtc-adapter.js"');
    expect(renderProbePage('probes/devices/page.js', 'off')).toContain('"adapterUrl":null');
  });

  it('cannot be broken out of its inline script by a module path', () => {
    const html = renderProbePage('x</script><script>alert(1)</script>.js', 'off');
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });
});
