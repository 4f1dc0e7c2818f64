import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import type {
	ICredentialsHelper,
	IDataObject,
	INodeExecutionData,
	INodeTypes,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

export const N8N_BASE_URL = 'http://localhost:5678';

export interface Engine {
	nodeTypes: INodeTypes;
	credentialsHelper: ICredentialsHelper;
	/** Where n8n would be reachable: the base of $execution.resumeUrl and of webhook URLs. */
	baseUrl?: string;
}

let executionCounter = 0;
export const nextExecutionId = (): string => String(++executionCounter);

export function additionalDataFor(
	engine: Engine,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const base = engine.baseUrl ?? N8N_BASE_URL;
	const data: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper: engine.credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not part of these tests');
		},
		getRunExecutionData: async () => undefined,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formTestBaseUrl: `${base}/form-test`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		logAiEvent: () => {},
		...extra,
	};
	return data as IWorkflowExecuteAdditionalData;
}

export function workflowOf(json: IWorkflowBase, engine: Engine, staticData?: IDataObject, active = false): Workflow {
	return new Workflow({
		id: json.id ?? 'test-workflow',
		name: json.name,
		nodes: json.nodes,
		connections: json.connections,
		active,
		nodeTypes: engine.nodeTypes,
		staticData: staticData ?? json.staticData,
		settings: json.settings ?? { executionOrder: 'v1' },
	});
}

export interface Execution {
	run: IRun;
	workflow: Workflow;
	executionId: string;
	/** The items each node put out on its first output, by node name, from the last run of that node. */
	output(nodeName: string): IDataObject[];
	items(nodeName: string): INodeExecutionData[];
}

export function executionOf(run: IRun, workflow: Workflow, executionId: string): Execution {
	const items = (nodeName: string): INodeExecutionData[] => {
		const runs = run.data.resultData.runData[nodeName];
		if (!runs?.length) return [];
		return runs[runs.length - 1].data?.main?.[0] ?? [];
	};
	return { run, workflow, executionId, items, output: (name) => items(name).map((item) => item.json) };
}

/** Runs a workflow the way n8n runs a triggered execution: the start node's items are given. */
export async function runWorkflow(
	json: IWorkflowBase,
	engine: Engine,
	options: {
		startNode?: string;
		items?: INodeExecutionData[];
		mode?: WorkflowExecuteMode;
		workflow?: Workflow;
	} = {},
): Promise<Execution> {
	const mode = options.mode ?? 'trigger';
	const executionId = nextExecutionId();
	const workflow = options.workflow ?? workflowOf(json, engine);
	const startNode = options.startNode ? workflow.getNode(options.startNode) : workflow.getStartNode();
	if (!startNode) throw new Error('the workflow has no start node');
	const hooks = new ExecutionLifecycleHooks(mode, executionId, json);
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [options.items ?? [{ json: {} }]] }, source: null }],
		},
	});
	const run = await new WorkflowExecute(additionalDataFor(engine, hooks, executionId), mode, runData).processRunExecutionData(
		workflow,
	);
	return executionOf(run, workflow, executionId);
}
