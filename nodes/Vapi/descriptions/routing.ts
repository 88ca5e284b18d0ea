/** Routing that sends a parameter's value as the body field `property` (dot paths nest). */
export const bodyField = (property: string) => ({ send: { type: 'body' as const, property } });

/** Routing that sends a parameter's value as the query parameter `property`. */
export const queryField = (property: string) => ({ send: { type: 'query' as const, property } });
