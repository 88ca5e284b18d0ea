import { showFor } from '../../descriptions/properties';
import { chatIdField } from './get';

export const deleteDescription = showFor('chat', 'delete', [
	chatIdField(
		'The ID of the chat to delete: the chatId output by Send Message, or the id of a chat from Get Many. A deleted chat can no longer be continued.',
	),
]);
