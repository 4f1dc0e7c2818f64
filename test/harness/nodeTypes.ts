import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, INodeType, INodeTypeDescription, INodeTypes, IVersionedNodeType, ITriggerFunctions } from 'n8n-workflow';

/**
 * n8n's Manual Trigger, reduced to what the engine needs: the harness seeds its items, the way n8n does
 * when a person clicks "Execute workflow". (n8n-nodes-base itself is too large to install for tests;
 * the real one runs in the end-to-end tests against a real n8n.)
 */
class ManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	async trigger(this: ITriggerFunctions) {
		return {};
	}
}

/** The node types a test workflow may use, under the type names n8n gives them once installed. */
export class NodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType>;

	constructor(packageNodes: Record<string, INodeType | IVersionedNodeType>) {
		this.types = { 'n8n-nodes-base.manualTrigger': new ManualTrigger(), ...packageNodes };
	}

	getByName(name: string): INodeType | IVersionedNodeType {
		const type = this.types[name];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}
