import { showFor } from '../../descriptions/properties';
import { sessionIdField } from './fields';

export const getDescription = showFor('session', 'get', [
	sessionIdField('The session to get: from the list, or its ID (e.g. the sessionId of a chat)'),
]);
