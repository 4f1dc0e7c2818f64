import { ExecuteContext, ExecutionLifecycleHooks, RoutingNode } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	INode,
	INodeCredentialTestResult,
	INodeType,
} from 'n8n-workflow';

import { CredentialsStore } from './credentialsHelper';
import { NodeTypes } from './nodeTypes';
import { additionalDataFor } from './runWorkflow';

/**
 * The "Test" button of n8n's credential dialog, as n8n's CredentialsTester does it for a credential
 * with a `test` request: a temporary No-Op node sends the request through n8n-core's RoutingNode
 * (so preAuthentication and authenticate run), and `rules` turn failing status codes into messages.
 */
export async function testCredential(type: ICredentialType, data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const test = type.test as ICredentialTestRequest;
	const id = 'credential-under-test';
	const store = new CredentialsStore([type]);
	store.put(id, data);
	const tempNodeType: INodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'No Operation' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	};
	const nodeTypes = new NodeTypes({ 'n8n-nodes-base.noOp': tempNodeType });
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type.name]: { id, name: 'under test' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', { nodes: [node], connections: {} } as never);
	const additionalData = additionalDataFor({ nodeTypes, credentialsHelper: store }, hooks, 'credential-test');
	const workflowNode = workflow.getNode('Temp-Node') as INode;
	const context = new ExecuteContext(
		workflow,
		workflowNode,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node: workflowNode, data: {}, source: null },
		[],
	);
	const credentials = { id, name: 'under test', type: type.name, data: await store.getDecrypted(additionalData, { id, name: '' }, type.name) };
	try {
		await new RoutingNode(context, tempNodeType, credentials).runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			const rule = test.rules?.find((r) => r.type === 'responseCode' && r.properties.value === cause.response?.status);
			if (rule && rule.type === 'responseCode') return { status: 'Error', message: rule.properties.message };
			return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}` };
		}
		if (cause?.code) return { status: 'Error', message: cause.code };
		return { status: 'Error', message: (error as Error).message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
