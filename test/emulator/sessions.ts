import { randomUUID } from 'node:crypto';

import type { Clock } from './clock';
import { signicatGuid } from './guid';
import type { TestPerson } from './persons';
import type { SessionStatus } from './spec';
import type { SessionRequest } from './validation';

export type Outcome = 'success' | 'abort' | 'error';

export interface Session {
	id: string;
	/** Part of the authenticationUrl, as in Signicat's broker links. */
	messageId: string;
	accountId: string;
	request: SessionRequest;
	status: SessionStatus;
	createdAt: number;
	expiresAt: number;
	person?: TestPerson;
	error?: { type: string; title: string; detail: string; code: string };
	statusDetail?: string;
	environment?: { ipAddress: string; userAgent: string };
}

const STATUS_OF: Record<Outcome, SessionStatus> = { success: 'SUCCESS', abort: 'ABORT', error: 'ERROR' };

/** Appends a query parameter, keeping whatever query the URL already had (as Signicat does). */
const withParam = (url: string, name: string, value: string): string => {
	const parsed = new URL(url);
	parsed.searchParams.append(name, value);
	return parsed.toString();
};

/**
 * The address as Signicat gives it: one line (Signicat does not document the parts of an itsme
 * address), or the OIDC address claim it documents for other eIDs (OpenID Connect Core 5.1.1).
 */
function addressOf(person: TestPerson): unknown {
	const address = person.address;
	if (!address) return undefined;
	if (person.addressShape !== 'oidc') return `${address.street}, ${address.postalCode} ${address.city}`;
	return {
		formatted: `${address.street}\n${address.postalCode} ${address.city}\n${address.country}`,
		street_address: address.street,
		locality: address.city,
		postal_code: address.postalCode,
		region: address.region ?? null,
		country: address.country,
	};
}

/**
 * The subject Signicat returns for a SUCCESS session: ids, exactly the requested attributes (null
 * when the person's eID has none) and the eID's own keys.
 */
export function subjectOf(person: TestPerson, attributes: readonly string[]): Record<string, unknown> {
	const values: Record<string, unknown> = {
		name: `${person.firstName} ${person.lastName}`,
		firstName: person.firstName,
		lastName: person.lastName,
		dateOfBirth: person.dateOfBirth,
		nin: person.nin,
		email: person.email,
		phoneNumber: person.phoneNumber,
		address: addressOf(person),
		gender: person.gender,
		nationality: person.nationality,
		placeOfBirth: person.placeOfBirth,
		countryOfBirth: person.provider === 'itsme' ? 'BE' : undefined,
		locale: person.locale,
	};
	// The fields of the official .NET SDK's Subject (signicat/signicat-net, Services/Authentication/
	// Entities/Subject.cs) are always there, null when not requested, as Signicat's serialiser writes them.
	const subject: Record<string, unknown> = { id: person.subjectId, idpId: person.idpId, firstName: null, lastName: null, dateOfBirth: null, nin: null };
	for (const attribute of attributes) if (attribute in values) subject[attribute] = values[attribute] ?? null;
	return { ...subject, ...person.providerKeys };
}

export class SessionStore {
	private readonly sessions = new Map<string, Session>();

	/** onFinished: called once when a session reaches SUCCESS, ABORT, ERROR or CANCELLED (Signicat's events). */
	constructor(
		private readonly clock: Clock,
		private readonly onFinished: (session: Session) => void = () => {},
	) {}

	create(request: SessionRequest, accountId: string): Session {
		const now = this.clock.now();
		const session: Session = {
			id: signicatGuid(),
			messageId: randomUUID(),
			accountId,
			request,
			status: 'CREATED',
			createdAt: now,
			expiresAt: now + request.sessionLifetime * 1000,
		};
		this.sessions.set(session.id, session);
		return session;
	}

	/**
	 * The session as it stands now: one left unfinished past its lifetime has expired. Its id in any
	 * letter case, as Signicat's .NET API parses a GUID (Guid.Parse); ids are issued in lower case.
	 */
	get(id: string): Session | undefined {
		const session = this.sessions.get(id.toLowerCase());
		if (session && session.status === 'CREATED' && session.expiresAt <= this.clock.now()) session.status = 'EXPIRED';
		return session;
	}

	/** The person finished on the itsme page; returns where their browser goes next. */
	complete(
		session: Session,
		outcome: Outcome,
		person: TestPerson | undefined,
		environment: Session['environment'],
	): string | undefined {
		if (session.status === 'CREATED') {
			session.status = STATUS_OF[outcome];
			session.environment = environment;
			if (outcome === 'success') session.person = person;
			if (outcome === 'error') {
				session.error = { type: 'idp-error', title: 'Identity provider error', detail: 'The identity provider reported an error.', code: 'idp_error' };
			}
			this.onFinished(session);
		}
		return this.callbackUrlsOf(session)?.[outcome];
	}

	/**
	 * Signicat ends a session the person did not finish: EXPIRED (its lifetime ran out) or INVALID.
	 * Returns the callback URL their browser comes back through if it does (abort, error).
	 */
	endWithoutPerson(session: Session, status: 'EXPIRED' | 'INVALID'): string | undefined {
		if (session.status === 'CREATED') {
			session.status = status;
			if (status === 'INVALID') session.statusDetail = 'The session is no longer valid.';
			this.onFinished(session);
		}
		return this.callbackUrlsOf(session)?.[status === 'EXPIRED' ? 'abort' : 'error'];
	}

	cancel(session: Session): boolean {
		if (session.status !== 'CREATED') return false;
		session.status = 'CANCELLED';
		this.onFinished(session);
		return true;
	}

	callbackUrlsOf(session: Session): Record<Outcome, string> | undefined {
		const urls = session.request.callbackUrls;
		if (!urls) return undefined;
		const decorate = (url: string) => {
			const withId = withParam(url, 'sessionId', session.id);
			const reference = session.request.externalReference;
			return reference ? withParam(withId, 'externalReference', reference) : withId;
		};
		return { success: decorate(urls.success), abort: decorate(urls.abort), error: decorate(urls.error) };
	}

	count(): number {
		return this.sessions.size;
	}

	clear(): void {
		this.sessions.clear();
	}
}
