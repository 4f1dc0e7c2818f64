import { createHmac, randomBytes, timingSafeEqual } from 'crypto';

/**
 * The token Create Session puts on the callback URLs it derives from an itsme Trigger URL, so the
 * trigger can tell a link this n8n made from one anybody typed, before it asks Signicat anything.
 *
 * `v1.<nonce>.<mac>`: a random nonce per session (the three callback URLs of a session share it) and
 * an HMAC-SHA256 of the nonce and the trigger it was made for, keyed by a key derived from the
 * Signicat API credential's client secret: only this n8n side holds it. Signicat echoes the callback
 * URLs in the session, so the trigger also checks that the session it reads carries the same token
 * (a link's token serves its own session), and an event's session is the trigger's when one of its
 * callback URLs carries a token made for it.
 */
export const LINK_TOKEN_PARAM = 'linkToken';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const MAC_BYTES = 16;
const TOKEN_PATTERN = /^v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})$/;
/** n8n gives each trigger a webhook id (a UUID); its production URL is …/webhook/<webhook id>/itsme. */
const TRIGGER_PATH = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/itsme\/*$/i;

/** The MAC key, derived so the client secret itself never keys anything but Signicat's token endpoint. */
export const linkKeyOf = (clientSecret: string): Buffer =>
	createHmac('sha256', clientSecret).update('n8n-nodes-signicat-itsme callback link token').digest();

/**
 * The trigger a Trigger URL names: its webhook id, or '' when the URL does not show it (a proxy that
 * maps its own path onto the trigger). A token made for '' is accepted by every itsme Trigger of the
 * credential.
 */
export function triggerOfUrl(url: string): string {
	const path = URL.canParse(url) ? new URL(url).pathname : url;
	return TRIGGER_PATH.exec(path)?.[1].toLowerCase() ?? '';
}

const macOf = (key: Buffer, nonce: string, trigger: string): Buffer =>
	createHmac('sha256', key).update(`${VERSION}:${nonce}:${trigger}`).digest().subarray(0, MAC_BYTES);

export function makeLinkToken(key: Buffer, trigger: string): string {
	const nonce = randomBytes(NONCE_BYTES).toString('base64url');
	return `${VERSION}.${nonce}.${macOf(key, nonce, trigger).toString('base64url')}`;
}

/**
 * The token's nonce when it was made with this key for this trigger (or for no trigger in
 * particular), compared in constant time; undefined for anything else.
 */
export function verifiedNonce(key: Buffer, token: unknown, trigger: string): string | undefined {
	if (typeof token !== 'string') return undefined;
	const parts = TOKEN_PATTERN.exec(token);
	if (!parts) return undefined;
	const [, nonce, mac] = parts;
	const given = Buffer.from(mac, 'base64url');
	// One spelling per MAC: 22 base64url characters carry 4 bits more than its 16 bytes.
	if (given.toString('base64url') !== mac) return undefined;
	const forThisTrigger = timingSafeEqual(given, macOf(key, nonce, trigger));
	const forAnyTrigger = timingSafeEqual(given, macOf(key, nonce, ''));
	return forThisTrigger || forAnyTrigger ? nonce : undefined;
}

/** The token on a URL, if any. */
export const linkTokenOf = (url: unknown): string | undefined =>
	typeof url === 'string' && URL.canParse(url) ? (new URL(url).searchParams.get(LINK_TOKEN_PARAM) ?? undefined) : undefined;
