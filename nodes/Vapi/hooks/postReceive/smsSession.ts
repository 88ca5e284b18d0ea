import type { IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { vapiApiRequest } from '../../listSearch/vapiApiRequest';
import { isGiven } from '../../rules/checks';
import { runParameter } from '../runParameters';
import { isRecord } from './chatRecord';

/** An SMS field is set: the chat went out as SMS (the rules refuse one without a recipient). */
function sentAsSms(ctx: IExecuteSingleFunctions): boolean {
	const transport = runParameter<IDataObject>(ctx, 'transport', {});
	return Object.values(transport).some(isGiven);
}

/** The item with `sessionId` where outputChatAnswer puts it: before `response` (Simplify off). */
function withSessionId(json: IDataObject, sessionId: string): IDataObject {
	const { response, ...answer } = json;
	return { ...answer, sessionId, ...(response !== undefined ? { response } : {}) };
}

/**
 * postReceive for Send Message (after outputChatAnswer): an SMS chat sent without a session opens
 * a new one, but Vapi's Responses answer does not say which; the stored chat does. So for that
 * case only, the chat is read once (`GET /chat/{chatId}`, 429s absorbed like every request) and
 * its `sessionId` put in the item: mapped into Session, the next message continues that session
 * instead of opening another. Any other chat makes no extra request.
 *
 * If the read fails, the item keeps its answer without `sessionId`: the SMS went out and the chat
 * was billed, so failing the item would invite running it again, sending a second SMS. The reason
 * goes to n8n's log; Chat → Get with the item's chatId shows the session later.
 */
export async function readSmsSessionId(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const [item] = items;
	const chatId = item?.json.chatId;
	if (items.length !== 1 || item.json.sessionId || typeof chatId !== 'string' || chatId === '') {
		return items;
	}
	if (!sentAsSms(this)) return items;
	let reason: string;
	try {
		const chat = await vapiApiRequest.call(this, 'GET', `/chat/${encodeURIComponent(chatId)}`);
		const sessionId = isRecord(chat) ? chat.sessionId : undefined;
		if (typeof sessionId === 'string' && sessionId !== '') {
			return [{ ...item, json: withSessionId(item.json, sessionId) }];
		}
		// A stored chat without a session: Vapi opened none, so there is nothing to add.
		if (isRecord(chat)) return items;
		reason = 'the answer is not a chat';
	} catch (error) {
		// Our own errors carry Vapi's message, key masked (the 429 one speaks of the pickers' list);
		// anything else only its code.
		if (!(error instanceof NodeApiError)) {
			reason = `the request failed (${String((error as { code?: unknown })?.code ?? 'no answer')})`;
		} else {
			reason = error.httpCode === '429' ? 'Vapi kept answering 429 (rate limited)' : error.message;
		}
	}
	this.logger.warn(
		`Vapi node "${this.getNode().name}", item ${this.getItemIndex() + 1}: the SMS chat ${chatId} was answered, but its session could not be read (GET /chat/{id}): ${reason.replace(/\.+$/, '')}. The item has no sessionId; Chat → Get shows it.`,
	);
	return items;
}
