import type { INodeProperties } from 'n8n-workflow';

type LocatorOptions = {
	name: string;
	displayName: string;
	description: string;
	searchListMethod: string;
	idPlaceholder: string;
	required?: boolean;
};

/** A resource locator with a searchable list and an ID mode, as n8n users know it. */
function resourceLocator(options: LocatorOptions): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? false,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: options.idPlaceholder,
			},
		],
	};
}

export const assistantLocator = resourceLocator({
	name: 'assistantId',
	displayName: 'Assistant',
	description: 'A saved assistant of your Vapi organisation',
	searchListMethod: 'searchAssistants',
	idPlaceholder: 'e.g. 5b0a4a08-133c-4146-9315-0984f8c6be80',
	required: true,
});

export const squadLocator = resourceLocator({
	name: 'squadId',
	displayName: 'Squad',
	description: 'A saved squad of assistants of your Vapi organisation',
	searchListMethod: 'searchSquads',
	idPlaceholder: 'e.g. 7f1c2a55-0d2e-4c35-9a55-2a3c8e0f4b11',
	required: true,
});

export const sessionLocator = resourceLocator({
	name: 'sessionId',
	displayName: 'Session',
	description:
		'Continue a Vapi session: the session keeps the conversation and is tied to its assistant',
	searchListMethod: 'searchSessions',
	idPlaceholder: 'e.g. 3c90c3cc-0d44-4b50-8888-8dd25736052a',
});

export const phoneNumberLocator = resourceLocator({
	name: 'phoneNumberId',
	displayName: 'SMS Phone Number',
	description: 'The Vapi phone number (Twilio) that sends the chat as SMS',
	searchListMethod: 'searchPhoneNumbers',
	idPlaceholder: 'e.g. 9a6f0c1e-2b1d-4d5e-8f3a-1c2b3d4e5f60',
});
