import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	FieldError,
	findChatRequestProblems,
	parseJsonObject,
	pruneEmpty,
	type ChatRequestBody,
} from '../shared/rules';

/** JSON parameters arrive as text (or as an object from an expression); Vapi wants objects. */
const JSON_FIELDS: Array<{ path: [string] | [string, string]; label: string }> = [
	{ path: ['assistant'], label: 'Assistant (JSON)' },
	{ path: ['squad'], label: 'Squad (JSON)' },
	{ path: ['assistantOverrides', 'variableValues'], label: 'Variable Values' },
];

function parseJsonFields(body: ChatRequestBody): void {
	for (const { path, label } of JSON_FIELDS) {
		const [key, nestedKey] = path;
		const holder = (nestedKey ? body[key] : body) as IDataObject | undefined;
		const field = nestedKey ?? key;
		if (holder && typeof holder === 'object' && field in holder) {
			holder[field] = parseJsonObject(holder[field], label) as IDataObject | undefined;
		}
	}
}

/**
 * preSend for Send Message: turns the routed parameters into exactly the body Vapi accepts
 * (no empty fields: Vapi rejects unknown or malformed properties) and checks Vapi's rules
 * before anything is sent, naming the fields and the item.
 */
export async function buildChatRequest(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const itemIndex = this.getItemIndex();
	const itemLabel = `item ${itemIndex + 1}`;
	const body = { ...((requestOptions.body ?? {}) as ChatRequestBody) };
	// An empty Messages list routes no input at all; say "Messages has no messages", not "Message is empty".
	if (body.input === undefined && this.getNodeParameter('inputType', 'text') === 'messages') {
		body.input = [];
	}
	try {
		parseJsonFields(body);
	} catch (error) {
		const reason = error instanceof FieldError ? error.message : String(error);
		throw new NodeOperationError(this.getNode(), `Can't send ${itemLabel}: ${reason}`, {
			itemIndex,
			description: 'Enter a JSON object, e.g. {"key": "value"}, or an expression that returns one.',
		});
	}
	const cleanBody = pruneEmpty(body);
	// Vapi has one transport today; the user only fills in its fields.
	if (cleanBody.transport && typeof cleanBody.transport === 'object') {
		cleanBody.transport = { type: 'twilio.sms', ...(cleanBody.transport as IDataObject) };
	}
	const problems = findChatRequestProblems(cleanBody);
	if (problems.length > 0) {
		throw new NodeOperationError(this.getNode(), `Can't send ${itemLabel}: ${problems[0]}`, {
			itemIndex,
			description: problems.length > 1 ? problems.join('\n') : undefined,
		});
	}
	requestOptions.body = cleanBody;
	return requestOptions;
}
