import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { rulesBrokenError, unreadableFieldError } from '../../errors/nodeErrors';
import {
	findChatRequestProblems,
	findConversationProblems,
	type ChatRequestBody,
} from '../../rules/chatRules';
import { FIELD_LABELS } from '../../rules/fieldLabels';
import { cleanRoutedBody, toRequestJson, type CleanBody } from '../../rules/jsonFields';
import { nodeVersion, runParameter } from '../runParameters';

/** JSON parameters arrive as text (or as an object from an expression); Vapi wants objects. */
const JSON_FIELD_PATHS = ['assistant', 'squad', 'assistantOverrides.variableValues'];

/**
 * preSend for Send Message: turns the routed parameters into exactly the body Vapi accepts
 * (no empty fields: Vapi rejects unknown or malformed properties) and checks Vapi's rules
 * before anything is sent, naming the fields and the item. The body goes as JSON text, the
 * user's JSON fields in it as written (see toRequestJson).
 */
export async function buildChatRequest(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = { ...((requestOptions.body ?? {}) as ChatRequestBody) };
	if (runParameter<string>(this, 'inputType', 'text') === 'messages') {
		// An empty Messages list routes no input at all; say "Messages has no messages", not "Message is empty".
		body.input ??= [];
	} else {
		// The Message field is read here, once per item (it is not routed: see its description).
		body.input = this.getNodeParameter('input', '') as string;
	}
	let cleaned: CleanBody<ChatRequestBody>;
	try {
		cleaned = cleanRoutedBody(body, JSON_FIELD_PATHS, (path) => FIELD_LABELS[path]);
	} catch (error) {
		throw unreadableFieldError(this, 'send', error, 'jsonObject');
	}
	const { body: cleanBody, jsonFields } = cleaned;
	// Vapi has one transport today; the user only fills in its fields.
	if (cleanBody.transport && typeof cleanBody.transport === 'object') {
		cleanBody.transport = { type: 'twilio.sms', ...(cleanBody.transport as IDataObject) };
	}
	// Version 2's Conversation first: a missing previous chat or session is the one thing to fix.
	const conversation = conversationOf(this);
	const missing = conversation ? findConversationProblems(conversation, cleanBody) : [];
	const problems = missing.length > 0 ? missing : findChatRequestProblems(cleanBody);
	if (problems.length > 0) throw rulesBrokenError(this, 'send', problems);
	requestOptions.body = toRequestJson(cleanBody, jsonFields);
	return requestOptions;
}

/** Send Message's Conversation (version 2 on); undefined in version 1, which has none. */
export function conversationOf(ctx: IExecuteSingleFunctions): string | undefined {
	if (nodeVersion(ctx) < 2) return undefined;
	return runParameter<string>(ctx, 'conversation', 'new');
}
