import { z } from 'zod';

import { SESSION_ID_PATTERN } from './sessionId';

/**
 * The shapes of Signicat's Authentication REST API that these nodes rely on, checked on every answer.
 * Unknown fields pass through untouched (`catchall`), so a new Signicat field never breaks a workflow.
 * Only what zod 3 and zod 4 read alike is used (no one-argument z.record, no `.passthrough()`/`.loose()`):
 * the package runs on whichever zod n8n provides.
 */
/** Statuses of a session that the person has not finished yet (Signicat's API reference). */
export const IN_PROGRESS_STATUSES = ['CREATED', 'WAITING_FOR_USER'];

export const ninSchema = z.object({
	value: z.string(),
	issuingCountry: z.string().optional(),
	type: z.string().optional(),
});

export const addressSchema = z
	.object({
		street: z.string().optional(),
		postalCode: z.string().optional(),
		city: z.string().optional(),
		region: z.string().optional(),
		country: z.string().optional(),
		formatted: z.string().optional(),
		// The OIDC address claim, as Signicat gives it for other eIDs.
		street_address: z.string().optional(),
		locality: z.string().optional(),
		postal_code: z.string().optional(),
	})
	.catchall(z.unknown());

export const subjectSchema = z
	.object({
		id: z.string().optional(),
		idpId: z.string().optional(),
		name: z.string().optional(),
		firstName: z.string().optional(),
		middleName: z.string().optional(),
		lastName: z.string().optional(),
		dateOfBirth: z.string().optional(),
		nin: ninSchema.optional(),
		email: z.string().optional(),
		phoneNumber: z.string().optional(),
		gender: z.string().optional(),
		nationality: z.string().optional(),
		placeOfBirth: z.string().optional(),
		countryOfBirth: z.string().optional(),
		locale: z.string().optional(),
		// itsme may give the address as one line instead of its parts.
		address: z.union([addressSchema, z.string()]).optional(),
	})
	.catchall(z.unknown());

const callbackUrlsSchema = z.object({ success: z.string(), abort: z.string(), error: z.string() }).partial();

export const sessionSchema = z
	.object({
		id: z.string().regex(SESSION_ID_PATTERN),
		accountId: z.string().optional(),
		authenticationUrl: z.string().optional(),
		status: z.string(),
		/** Signicat's words on the status; for a failed session it explains the failure, like `error`. */
		statusDetail: z.string().optional(),
		provider: z.string().optional(),
		subject: subjectSchema.optional(),
		error: z
			.object({ code: z.string().optional(), title: z.string().optional(), detail: z.string().optional() })
			.catchall(z.unknown())
			.optional(),
		callbackUrls: callbackUrlsSchema.optional(),
		allowedProviders: z.array(z.string()).optional(),
		flow: z.string().optional(),
		requestedAttributes: z.array(z.string()).optional(),
		sessionLifetime: z.number().optional(),
		expiresAt: z.string().optional(),
		externalReference: z.string().optional(),
	})
	.catchall(z.unknown());

export type SignicatSession = z.infer<typeof sessionSchema>;
export type SignicatSubject = z.infer<typeof subjectSchema>;

/** Signicat's error body (problem details). */
export const problemSchema = z
	.object({
		title: z.string().optional(),
		detail: z.string().optional(),
		code: z.string().optional(),
		traceId: z.string().optional(),
		// Signicat names them { name, reason }; { field, message } is accepted as well.
		invalidParams: z
			.array(
				z.object({
					name: z.string().optional(),
					reason: z.string().optional(),
					field: z.string().optional(),
					message: z.string().optional(),
				}),
			)
			.optional(),
		errors: z.record(z.string(), z.array(z.string())).optional(),
	})
	.catchall(z.unknown());
