import { ICredentialsHelper } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
} from 'n8n-workflow';

import { forgetWebhookCredentials } from '../../nodes/shared/api/executionCredential';

/**
 * Behaves like n8n's own credentials helper (packages/cli/src/credentials-helper.ts): stored data is
 * handed out as a fresh copy per request, `preAuthentication` runs when the expirable field is empty
 * or after a 401 and its output is persisted, and `authenticate` is the credential's own function.
 */
export class CredentialsStore extends ICredentialsHelper {
	readonly preAuthentications: Array<{ expired: boolean }> = [];
	/** How often a credential was read and decrypted (in n8n: a database query and a decryption). */
	decryptions = 0;
	private readonly stored = new Map<string, ICredentialDataDecryptedObject>();

	constructor(private readonly types: ICredentialType[]) {
		super();
	}

	/** A credential saved (or changed, as in n8n's editor): webhook calls after this read the new data, not the package's short-lived shared read. */
	put(id: string, data: ICredentialDataDecryptedObject): void {
		this.stored.set(id, { ...data });
		forgetWebhookCredentials();
	}

	get(id: string): ICredentialDataDecryptedObject | undefined {
		const data = this.stored.get(id);
		return data && { ...data };
	}

	private type(name: string): ICredentialType {
		const type = this.types.find((t) => t.name === name);
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(name: string): string[] {
		return this.type(name).extends ?? [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(name: string): INodeProperties[] {
		return this.type(name).properties;
	}

	async getDecrypted(_additionalData: unknown, nodeCredentials: INodeCredentialsDetails, type: string) {
		this.decryptions++;
		const data = nodeCredentials.id ? this.get(nodeCredentials.id) : undefined;
		if (!data) throw new Error(`No credential "${nodeCredentials.name}" of type ${type}`);
		return data;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const data = this.get(nodeCredentials.id ?? '') ?? {};
		return { id: nodeCredentials.id, name: nodeCredentials.name, type, getData: () => data } as unknown as ICredentials;
	}

	async updateCredentials(nodeCredentials: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject) {
		if (nodeCredentials.id) this.put(nodeCredentials.id, data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		await this.updateCredentials(nodeCredentials, type, data);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate !== 'function') throw new Error(`${typeName}: only function authenticate is supported here`);
		return await authenticate(credentials, requestOptions as IHttpRequestOptions);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		// n8n always fetches a fresh token when the credential dialog's "Test" button runs.
		const isCredentialTest = node.type === 'n8n-nodes-base.noOp' && node.parameters?.temp === '';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isCredentialTest) return undefined;
		this.preAuthentications.push({ expired: credentialsExpired });
		const output = (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		const nodeCredentials = node.credentials?.[typeName];
		if (nodeCredentials?.id) this.put(nodeCredentials.id, { ...this.get(nodeCredentials.id), ...output });
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, typeName: string) {
		const type = this.type(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}
}
