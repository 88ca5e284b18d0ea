import { showFor } from '../../descriptions/properties';
import { sessionIdField } from './fields';

export const deleteDescription = showFor('session', 'delete', [
	sessionIdField('The session to delete: from the list, or its ID'),
]);
