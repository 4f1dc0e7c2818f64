import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as cancelSession from './cancelSession.operation';
import * as checkPerson from './checkPerson.operation';
import * as createSession from './createSession.operation';
import * as getSession from './getSession.operation';
import * as waitForCompletion from './waitForCompletion.operation';

const operations: Record<string, { execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[]> }> = {
	create: createSession,
	get: getSession,
	wait: waitForCompletion,
	cancel: cancelSession,
	check: checkPerson,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[operation];
	if (!handler) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	return [await handler.execute.call(this)];
}
