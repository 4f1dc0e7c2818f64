import { randomBytes, timingSafeEqual } from 'node:crypto';

import type { Clock } from './clock';

export interface ApiClient {
	clientId: string;
	clientSecret: string;
	accountId: string;
}

interface IssuedToken {
	client: ApiClient;
	expiresAt: number;
}

export type TokenCheck = { ok: true; client: ApiClient } | { ok: false; reason: string };

const sameSecret = (a: string, b: string): boolean => {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
};

/** Registered API clients and the opaque access tokens issued to them. */
export class TokenStore {
	private readonly tokens = new Map<string, IssuedToken>();

	constructor(
		private readonly clients: ApiClient[],
		private readonly clock: Clock,
		public lifetimeSeconds: number,
	) {}

	authenticateClient(clientId: string, clientSecret: string): ApiClient | undefined {
		const client = this.clients.find((c) => c.clientId === clientId);
		return client && sameSecret(client.clientSecret, clientSecret) ? client : undefined;
	}

	issue(client: ApiClient): { access_token: string; expires_in: number; token_type: 'Bearer'; scope: string } {
		const token = randomBytes(24).toString('base64url');
		this.tokens.set(token, { client, expiresAt: this.clock.now() + this.lifetimeSeconds * 1000 });
		return { access_token: token, expires_in: this.lifetimeSeconds, token_type: 'Bearer', scope: 'signicat-api' };
	}

	check(authorization: string | undefined): TokenCheck {
		const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
		if (!match) return { ok: false, reason: 'missing bearer token' };
		const issued = this.tokens.get(match[1]);
		if (!issued) return { ok: false, reason: 'unknown or revoked token' };
		if (issued.expiresAt <= this.clock.now()) return { ok: false, reason: 'expired token' };
		return { ok: true, client: issued.client };
	}

	revokeAll(): number {
		const count = this.tokens.size;
		this.tokens.clear();
		return count;
	}
}
