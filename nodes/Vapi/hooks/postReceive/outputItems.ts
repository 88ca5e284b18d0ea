import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';
import type { ChatAnswer } from '../../stream/aggregate';
import { partialAnswerOf } from '../../errors/answerErrors';
import { conversationOf } from '../preSend/buildChatRequest';
import { runParameter } from '../runParameters';
import { withAnswerText } from './chatRecord';

/**
 * postReceive for Send Message (after readChatAnswer): the item the user gets — the chat ID to
 * continue with, the answer's text and status; with Simplify Output off also the output messages
 * and Vapi's whole response. Simplified, the item holds the answer once: `output` mostly repeats
 * `text`, which doubled what a run stores and what an AI Agent reads from the tool.
 */
export async function outputChatAnswer(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const answer = items[0].json as unknown as ChatAnswer;
	const simplify = runParameter<boolean>(this, 'simplify', true);
	// Version 2 sends to a session only when Conversation says so (a hidden Session may keep a value).
	const conversation = conversationOf(this);
	const toSession = conversation === undefined || conversation === 'session';
	const sentTo = toSession
		? String(this.getNodeParameter('sessionId', '', { extractValue: true }) ?? '').trim()
		: '';
	const json: IDataObject = { chatId: answer.chatId, text: answer.text, status: answer.status };
	if (!simplify) json.output = answer.output as unknown as IDataObject[];
	// Vapi's responses stream carries no session id; the one the message was sent to is the answer's.
	if (answer.sessionId || sentTo) json.sessionId = answer.sessionId || sentTo;
	if (!simplify && answer.response) json.response = answer.response as IDataObject;
	return [{ json, pairedItem: { item: this.getItemIndex() } }];
}

/** postReceive for Chat → Get: the chat with `text`, its answer (last assistant message). */
export async function outputChat(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const item = this.getItemIndex();
	return items.map((entry) => ({
		json: withAnswerText(entry.json) as IDataObject,
		pairedItem: { item },
	}));
}

/** postReceive: each item paired with the input item it answers. */
export async function pairWithInput(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const item = this.getItemIndex();
	return items.map((entry) => ({ ...entry, pairedItem: { item } }));
}

/**
 * The item of a failed item under continue-on-fail, paired with its input. An answer that failed
 * after Vapi began it keeps what had arrived in `details` ({ chatId?, text, status? }, named as in
 * the answer item). n8n dictates the shape: it replaces the json of an item that carries its error
 * object with `{ error }` (WorkflowExecute.normalizeNodeErrors), and sends an item without one to
 * the error output only when its json holds nothing but `error`, `message` and `details`.
 */
export function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const pairedItem = { item: itemIndex };
	const partial = partialAnswerOf(error);
	if (partial === undefined) return { json: { error: error.message }, error, pairedItem };
	return { json: { error: error.message, details: { ...partial } }, pairedItem };
}
