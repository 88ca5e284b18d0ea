import type { INodeProperties } from 'n8n-workflow';

/** A list of conversation messages (role + content), sent as the body field `property`. */
export function messagesField(property: string, description: string): INodeProperties {
	return {
		displayName: 'Messages',
		name: property,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Message',
		default: {},
		description,
		options: [
			{
				displayName: 'Message',
				name: 'message',
				values: [
					{
						displayName: 'Role',
						name: 'role',
						type: 'options',
						default: 'user',
						options: [
							{ name: 'Assistant', value: 'assistant' },
							{ name: 'Developer', value: 'developer' },
							{ name: 'System', value: 'system' },
							{ name: 'User', value: 'user' },
						],
					},
					{
						displayName: 'Content',
						name: 'content',
						type: 'string',
						default: '',
						typeOptions: { rows: 2 },
					},
				],
			},
		],
		routing: { send: { type: 'body', property, value: '={{ $value.message }}' } },
	};
}
