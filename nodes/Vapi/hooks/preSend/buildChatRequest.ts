import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { rulesBrokenError, unreadableFieldError } from '../../errors/nodeErrors';
import { findChatRequestProblems, type ChatRequestBody } from '../../rules/chatRules';
import { FIELD_LABELS } from '../../rules/fieldLabels';
import { parseJsonObject, pruneEmpty } from '../../rules/jsonFields';

type JsonField = { path: string[]; value: IDataObject };

/** JSON parameters arrive as text (or as an object from an expression); Vapi wants objects. */
const JSON_FIELD_PATHS = ['assistant', 'squad', 'assistantOverrides.variableValues'];

/**
 * Takes the JSON parameters out of the routed body and parses them, so that the body can be pruned
 * of empty fields without touching what the user wrote inside their own JSON.
 */
function takeJsonFields(body: ChatRequestBody): JsonField[] {
	const parsed: JsonField[] = [];
	for (const dotted of JSON_FIELD_PATHS) {
		const path = dotted.split('.');
		const [key, nestedKey] = path;
		const holder = (nestedKey ? body[key] : body) as IDataObject | undefined;
		const field = nestedKey ?? key;
		if (!holder || typeof holder !== 'object' || !(field in holder)) continue;
		const value = parseJsonObject(holder[field], FIELD_LABELS[dotted]) as IDataObject | undefined;
		delete holder[field];
		// An empty object says nothing: sending it would be an empty field.
		if (value && Object.keys(value).length > 0) parsed.push({ path, value });
	}
	return parsed;
}

function putBack(body: ChatRequestBody, fields: JsonField[]) {
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
	const body = { ...((requestOptions.body ?? {}) as ChatRequestBody) };
	// An empty Messages list routes no input at all; say "Messages has no messages", not "Message is empty".
	if (body.input === undefined && this.getNodeParameter('inputType', 'text') === 'messages') {
		body.input = [];
	}
	let jsonFields: JsonField[];
	try {
		jsonFields = takeJsonFields(body);
	} catch (error) {
		throw unreadableFieldError(this, 'send', error, 'jsonObject');
	}
	const cleanBody = pruneEmpty(body);
	putBack(cleanBody, jsonFields);
	// Vapi has one transport today; the user only fills in its fields.
	if (cleanBody.transport && typeof cleanBody.transport === 'object') {
		cleanBody.transport = { type: 'twilio.sms', ...(cleanBody.transport as IDataObject) };
	}
	const problems = findChatRequestProblems(cleanBody);
	if (problems.length > 0) throw rulesBrokenError(this, 'send', problems);
	requestOptions.body = cleanBody;
	return requestOptions;
}
