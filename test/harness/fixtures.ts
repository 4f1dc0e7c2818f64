import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { SignicatApi } from '../../credentials/SignicatApi.credentials';
import { ItsmeSession } from '../../nodes/ItsmeSession/ItsmeSession.node';
import { ItsmeTrigger } from '../../nodes/ItsmeTrigger/ItsmeTrigger.node';
import { DEFAULT_CLIENT, SignicatEmulator } from '../emulator/server';
import type { EmulatorOptions } from '../emulator/server';
import { CredentialsStore } from './credentialsHelper';
import { NodeTypes } from './nodeTypes';
import type { Engine } from './runWorkflow';

export const CREDENTIAL_ID = 'signicat-cred';

/** The package's node classes under the type names n8n gives them when the package is installed. */
export const packageNodeTypes = () =>
	new NodeTypes({
		'n8n-nodes-signicat-itsme.itsmeSession': new ItsmeSession(),
		'n8n-nodes-signicat-itsme.itsmeTrigger': new ItsmeTrigger(),
	});

/** The package's node classes from a fresh load of their modules, as in a newly started n8n. */
export function freshPackageNodeTypes(): NodeTypes {
	let nodeTypes!: NodeTypes;
	jest.isolateModules(() => {
		nodeTypes = (require('./fixtures') as typeof import('./fixtures')).packageNodeTypes();
	});
	return nodeTypes;
}

/** What a person would type into the "Signicat API" credential to use the emulator. */
export const emulatorCredential = (emulator: SignicatEmulator, overrides: ICredentialDataDecryptedObject = {}) => ({
	clientId: DEFAULT_CLIENT.clientId,
	clientSecret: DEFAULT_CLIENT.clientSecret,
	baseUrl: emulator.url,
	accountId: '',
	accessToken: '',
	...overrides,
});

/** An engine whose stored "Signicat API" credential points at the emulator. */
export function engineFor(emulator: SignicatEmulator, overrides: ICredentialDataDecryptedObject = {}): Engine & { credentials: CredentialsStore } {
	const credentials = new CredentialsStore([new SignicatApi()]);
	credentials.put(CREDENTIAL_ID, emulatorCredential(emulator, overrides));
	return { nodeTypes: packageNodeTypes(), credentialsHelper: credentials, credentials };
}

/** Starts an emulator for the test file and resets it before each test. */
export function useEmulator(options: EmulatorOptions = {}): SignicatEmulator {
	const emulator = new SignicatEmulator(options);
	beforeAll(async () => {
		await emulator.start();
	});
	beforeEach(() => emulator.reset());
	afterAll(async () => {
		await emulator.stop();
	});
	return emulator;
}

export function loadWorkflow(name: string): IWorkflowBase {
	// A fresh copy per call, so tests can change parameters.
	return JSON.parse(readFileSync(join(__dirname, '..', 'workflows', `${name}.json`), 'utf8')) as IWorkflowBase;
}

/** The same workflow with some parameters of one node replaced. */
export function withParameters(workflow: IWorkflowBase, nodeName: string, parameters: INodeParameters): IWorkflowBase {
	const copy = structuredClone(workflow);
	const node = copy.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`no node ${nodeName}`);
	node.parameters = { ...node.parameters, ...parameters };
	return copy;
}

/** The workflow with the Check Person step of check-person.json (these parameters changed) after `afterNode`. */
export function withCheckPersonAfter(workflow: IWorkflowBase, afterNode: string, parameters: INodeParameters): IWorkflowBase {
	const copy = structuredClone(workflow);
	const check = withParameters(loadWorkflow('check-person'), 'Check Person', parameters).nodes.find((n) => n.name === 'Check Person')!;
	copy.nodes.push({ ...check, position: [copy.nodes.length * 220, 0] });
	copy.connections[afterNode] = { main: [[{ node: check.name, type: 'main', index: 0 }]] };
	return copy;
}

export const itemsOf = (records: IDataObject[]): INodeExecutionData[] => records.map((json) => ({ json }));

/** `count` contacts, one item each, as a CRM would hand them to Create Session. */
export const contacts = (count: number) => itemsOf(Array.from({ length: count }, (_, i) => ({ contactId: `contact-${i}` })));

/** The create-sessions workflow with these parameters of its Create Session node. */
export const createWorkflow = (parameters: INodeParameters = {}) => withParameters(loadWorkflow('create-sessions'), 'Create Session', parameters);
