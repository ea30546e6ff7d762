// TURN credentials minted per visit (TURN REST API, draft-uberti-behave-turn-rest, as coturn's
// `use-auth-secret` checks them): the visitor's page gets a username that carries its own
// expiry and a password derived from the serve process's secret, so nothing it receives works
// for longer than a visit, and the secret itself never leaves this process.
import { randomBytes } from 'node:crypto';
import type { IceServersResponse } from '../../reports/servedRun.js';
import { isTurnUrl } from '../../probes/page-kit/iceServers.js';
import { type IceServerEntry, type IceServerUrl, restApiCredentials } from '../ice/servers.js';

/** Long enough for a visit (a check takes well under a minute), short enough to be worthless later. */
export const VISIT_CREDENTIAL_LIFETIME_SECONDS = 600;

/** What the server offers every visit: the URLs, and the secret TURN credentials are minted from. */
export interface TurnOffer {
  /** stun:/stuns: URLs are handed out as they are; turn:/turns: URLs get minted credentials. */
  urls: readonly IceServerUrl[];
  /** coturn's static-auth-secret. */
  secret: string;
  lifetimeSeconds: number;
}

/**
 * The ICE servers for one visit. The user part of the username is random, so two visits never
 * share credentials and coturn's log tells them apart; every TURN URL of one visit shares one pair.
 */
export function mintIceServers(offer: TurnOffer, now = Date.now()): Pick<IceServersResponse, 'iceServers' | 'expiresAt'> {
  const visitor = randomBytes(9).toString('base64url');
  const { username, credential } = restApiCredentials(offer.secret, visitor, offer.lifetimeSeconds, now);
  const iceServers: IceServerEntry[] = offer.urls.map((url) => (isTurnUrl(url) ? { ...url, username, credential } : { ...url }));
  // The username starts with the expiry coturn enforces: the answer states that same instant.
  const expiresAt = new Date(Number(username.slice(0, username.indexOf(':'))) * 1000).toISOString();
  return { iceServers, expiresAt };
}
