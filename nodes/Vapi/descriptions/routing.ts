/** Routing that sends a parameter's value as the body field `property` (dot paths nest). */
export const bodyField = (property: string) => ({ send: { type: 'body' as const, property } });

/** Routing that sends a parameter's value as the query parameter `property`. */
export const queryField = (property: string) => ({ send: { type: 'query' as const, property } });

/**
 * The path of one record, `=/chat/{{ … }}`: the id from the parameter `parameter`, trimmed and
 * URL-encoded (a model may pass anything).
 */
export const recordPath = (collection: string, parameter: string) =>
	`=/${collection}/{{ encodeURIComponent(String($parameter.${parameter} ?? '').trim()) }}`;
