import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { DEFAULT_LIMIT } from '../../defaults';
import { withAnswerText } from '../postReceive/chatRecord';
import { hasNextPage, planPages, readPage, RecordCollector } from '../../paging/paging';
import { sendWithRetries } from './sendWithRetries';

type Transform = (record: IDataObject) => IDataObject;

/**
 * Walks Vapi's page-numbered list (GET /chat, GET /session) for one item: Return All until the
 * last page, Limit until enough records came (never a page more). Each page goes through
 * sendWithRetries, so rate limits and 5xx answers are retried per page like any GET.
 */
async function walkPages(
	ctx: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	transform: Transform,
): Promise<INodeExecutionData[]> {
	const returnAll = ctx.getNodeParameter('returnAll', false) as boolean;
	const plan = planPages(returnAll, ctx.getNodeParameter('limit', DEFAULT_LIMIT));
	const collector = new RecordCollector(plan.wanted);
	for (let page = 1; ; page++) {
		const pageRequest: DeclarativeRestApiSettings.ResultOptions = {
			...requestData,
			options: {
				...requestData.options,
				qs: { ...requestData.options.qs, page, limit: plan.pageSize },
			},
		};
		const [first] = await sendWithRetries.call(ctx, pageRequest);
		const received = readPage(first?.json);
		const added = collector.add(received.records);
		// added === 0: a server that ignores `page` would otherwise be asked forever.
		if (collector.full || added === 0 || !hasNextPage(page, plan.pageSize, received)) break;
	}
	const item = ctx.getItemIndex();
	return collector.records.map((record) => ({
		json: transform(record as IDataObject),
		pairedItem: { item },
	}));
}

/** Send step of Chat → Get Many: one item per chat, each with `text` (its answer). */
export async function getManyChats(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await walkPages(this, requestData, (chat) => withAnswerText(chat) as IDataObject);
}

/** Send step of Session → Get Many: one item per session. */
export async function getManySessions(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await walkPages(this, requestData, (session) => session);
}
