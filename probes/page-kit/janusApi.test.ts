// The Janus API replies as Janus 1.1.2 sends them (captured from the embedded Janus), and what
// parseJanusReply keeps of them; anything else is no reply at all.
import { describe, expect, it } from 'vitest';
import { parseJanusReply } from './janusApi.js';

describe('parseJanusReply', () => {
  it('reads a session id from the answer to create', () => {
    expect(parseJanusReply({ janus: 'success', transaction: 'x', data: { id: 7677532332183091 } })).toEqual({
      janus: 'success',
      transaction: 'x',
      id: 7677532332183091,
    });
  });

  it('reads the error code of a refused secret', () => {
    expect(
      parseJanusReply({ janus: 'error', transaction: 'x', error: { code: 403, reason: 'Unauthorized request (wrong or missing secret/token)' } })?.error,
    ).toEqual({
      code: 403,
      reason: 'Unauthorized request (wrong or missing secret/token)',
    });
  });

  it("reads EchoTest's event with its JSEP answer, and media events", () => {
    const event = parseJanusReply({
      janus: 'event',
      session_id: 2979208965282002,
      transaction: 'abc',
      sender: 3180409618996401,
      plugindata: { plugin: 'janus.plugin.echotest', data: { echotest: 'event', result: 'ok' } },
      jsep: { type: 'answer', sdp: 'v=0\r\n' },
    });
    expect(event).toMatchObject({
      janus: 'event',
      sessionId: 2979208965282002,
      sender: 3180409618996401,
      pluginData: { result: 'ok' },
      jsep: { type: 'answer', sdp: 'v=0\r\n' },
    });
    expect(parseJanusReply({ janus: 'media', type: 'video', receiving: true })?.media).toEqual({ type: 'video', receiving: true });
  });

  it.each([
    ['no object', 'janus'],
    ['an array', [{ janus: 'success' }]],
    ['no janus field', { transaction: 'x' }],
    ['a non-text janus field', { janus: 1 }],
  ])('%s is no reply', (_label, value) => {
    expect(parseJanusReply(value)).toBeNull();
  });

  it('drops fields of the wrong type instead of trusting them', () => {
    expect(parseJanusReply({ janus: 'success', data: { id: '12' }, jsep: { type: 'pranswer', sdp: 'x' }, error: { code: '403' } })).toEqual({
      janus: 'success',
    });
  });
});
