import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { findChatRequestProblems, type ChatRequestBody } from '../../rules/chatRules';
import { FieldError } from '../../rules/fieldLabels';
import { parseJsonObject, pruneEmpty } from '../../rules/jsonFields';

/** JSON parameters arrive as text (or as an object from an expression); Vapi wants objects. */
const JSON_FIELDS: Array<{ path: [string] | [string, string]; label: string }> = [
	{ path: ['assistant'], label: 'Assistant (JSON)' },
	{ path: ['squad'], label: 'Squad (JSON)' },
	{ path: ['assistantOverrides', 'variableValues'], label: 'Variable Values' },
];

/**
 * Takes the JSON parameters out of the routed body and parses them, so that the body can be pruned
 * of empty fields without touching what the user wrote inside their own JSON.
 */
function takeJsonFields(body: ChatRequestBody): Array<{ path: string[]; value: IDataObject }> {
	const parsed: Array<{ path: string[]; value: IDataObject }> = [];
	for (const { path, label } of JSON_FIELDS) {
		const [key, nestedKey] = path;
		const holder = (nestedKey ? body[key] : body) as IDataObject | undefined;
		const field = nestedKey ?? key;
		if (!holder || typeof holder !== 'object' || !(field in holder)) continue;
		const value = parseJsonObject(holder[field], label) as IDataObject | undefined;
		delete holder[field];
		// An empty object says nothing: sending it would be an empty field.
		if (value && Object.keys(value).length > 0) parsed.push({ path, value });
	}
	return parsed;
}

function putBack(body: ChatRequestBody, fields: Array<{ path: string[]; value: IDataObject }>) {
	for (const { path, value } of fields) {
		const [key, nestedKey] = path;
		if (nestedKey) body[key] = { ...((body[key] as IDataObject) ?? {}), [nestedKey]: value };
		else body[key] = value;
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
	let jsonFields: Array<{ path: string[]; value: IDataObject }>;
	try {
		jsonFields = takeJsonFields(body);
	} catch (error) {
		const reason = error instanceof FieldError ? error.message : String(error);
		throw new NodeOperationError(this.getNode(), `Can't send ${itemLabel}: ${reason}`, {
			itemIndex,
			description: 'Enter a JSON object, e.g. {"key": "value"}, or an expression that returns one.',
		});
	}
	const cleanBody = pruneEmpty(body);
	putBack(cleanBody, jsonFields);
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
