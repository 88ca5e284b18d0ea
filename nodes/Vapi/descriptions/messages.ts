import type { INodeProperties } from 'n8n-workflow';

/**
 * A list of conversation messages (role + content), in the parameter `name`, sent as the body field
 * `property` (Send Message's `messages` parameter carries `input`).
 */
export function messagesField(
	property: string,
	description: string,
	name: string = property,
): INodeProperties {
	return {
		displayName: 'Messages',
		name,
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
					// An options field like Get Many's Sort By (getMany.ts): alike in shape only.
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
