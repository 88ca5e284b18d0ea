// The bare declarative Send Message of the experiments (declarative-floor.mjs, hook-ladder.mjs):
// one field, the Message, whose routing is given; a literal base URL; nothing else.

/** A node type with one routed field, the Message (`input`), sent as the body's `input`. */
export function bareNodeType({ name, displayName = name, version = 1, description, baseURL, routing }) {
	return {
		description: {
			displayName,
			name,
			group: ['transform'],
			version,
			description,
			defaults: { name: 'Bare' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'vapiApi', required: true }],
			requestDefaults: {
				baseURL,
				headers: {
					Accept: 'application/json, text/event-stream',
					'Content-Type': 'application/json',
				},
				json: true,
			},
			properties: [
				{
					displayName: 'Message',
					name: 'input',
					type: 'string',
					default: '',
					routing: { ...routing, send: { ...routing.send, type: 'body', property: 'input' } },
				},
			],
		},
	};
}
