'use strict';

/**
 * Request body checks with Vapi's (NestJS class-validator) wording: the DTO is whitelisted, so an
 * unknown property is an error, and every problem becomes one string of the 400 `message` array.
 * Nested problems are prefixed with their path (`transport.property x should not exist`).
 */

const { badRequest } = require('./errors');

const CHAT_FIELDS = [
	'assistantId',
	'assistant',
	'assistantOverrides',
	'squadId',
	'squad',
	'name',
	'sessionId',
	'input',
	'stream',
	'previousChatId',
	'transport',
];
const SESSION_CREATE_FIELDS = [
	'name',
	'status',
	'expirationSeconds',
	'assistantId',
	'assistant',
	'assistantOverrides',
	'squadId',
	'squad',
	'messages',
	'customer',
	'customerId',
	'phoneNumberId',
	'phoneNumber',
];
const SESSION_UPDATE_FIELDS = ['name', 'status', 'expirationSeconds', 'messages'];
const TRANSPORT_FIELDS = [
	'type',
	'conversationType',
	'phoneNumberId',
	'customer',
	'customerId',
	'useLLMGeneratedMessageForOutbound',
];
// CreateCustomerDTO (the customer of an SMS transport and of a session), as of VapiAI/docs
// fern/apis/api/openapi.json 2026-08: squadOverrides was added beside assistantOverrides.
const CUSTOMER_FIELDS = [
	'number',
	'name',
	'email',
	'extension',
	'externalId',
	'sipUri',
	'numberE164CheckEnabled',
	'assistantOverrides',
	'squadOverrides',
];
// CreateCustomerDTO's string lengths: number 3–40, name/email/externalId ≤ 40, extension ≤ 10.
const CUSTOMER_LENGTHS = {
	number: [3, 40],
	name: [0, 40],
	email: [0, 40],
	externalId: [0, 40],
	extension: [0, 10],
	sipUri: [0, undefined],
};
// Every property of the spec's AssistantOverrides. A chat honours only variableValues (the spec:
// "Only variable substitution is supported in chat contexts"); the rest is accepted and ignored.
const OVERRIDE_FIELDS = [
	'transcriber',
	'model',
	'voice',
	'firstMessage',
	'firstMessageInterruptionsEnabled',
	'firstMessageMode',
	'voicemailDetection',
	'clientMessages',
	'serverMessages',
	'maxDurationSeconds',
	'backgroundSound',
	'modelOutputInMessagesEnabled',
	'transportConfigurations',
	'observabilityPlan',
	'credentials',
	'hooks',
	'tools:append',
	'variableValues',
	'name',
	'voicemailMessage',
	'endCallMessage',
	'endCallPhrases',
	'compliancePlan',
	'metadata',
	'backgroundSpeechDenoisingPlan',
	'analysisPlan',
	'artifactPlan',
	'startSpeakingPlan',
	'stopSpeakingPlan',
	'monitorPlan',
	'credentialIds',
	'server',
	'keypadInputPlan',
];
// OpenAIMessage, the item of every model's `messages` (assistant.model.messages): only role and
// content; content is required but may be null, up to 100000000 characters.
const MODEL_MESSAGE_ROLES = ['assistant', 'function', 'user', 'system', 'tool'];
const MODEL_MESSAGE_CONTENT_MAX = 100000000;

const MESSAGE_ROLES = ['system', 'user', 'assistant', 'tool', 'developer'];
const MESSAGE_FIELDS = {
	system: ['role', 'content', 'name', 'metadata'],
	user: ['role', 'content', 'name', 'metadata'],
	developer: ['role', 'content', 'name', 'metadata'],
	assistant: ['role', 'content', 'refusal', 'tool_calls', 'name', 'metadata'],
	tool: ['role', 'content', 'tool_call_id', 'name', 'metadata'],
};
const CONTENT_MAX = 10000;
const NAME_MAX = 40;

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
// class-validator's @IsOptional lets null through as "absent"; so does Vapi.
const isPresent = (value) => value !== undefined && value !== null;
const at = (path, key) => (path ? `${path}.${key}` : key);
// class-validator's MaxLength is validator.js isLength: code points, not UTF-16 units, and the
// variation selectors U+FE0E/U+FE0F not counted.
const charCount = (text) => [...text].filter((c) => c !== '\uFE0E' && c !== '\uFE0F').length;

function unknownPropertyErrors(object, allowed, path) {
	return Object.keys(object)
		.filter((key) => !allowed.includes(key))
		.map((key) => at(path, `property ${key} should not exist`));
}

function stringErrors(value, path, maxLength, minLength = 0) {
	if (!isPresent(value)) return [];
	if (typeof value !== 'string') return [`${path} must be a string`];
	if (charCount(value) < minLength) {
		return [`${path} must be longer than or equal to ${minLength} characters`];
	}
	if (maxLength !== undefined && charCount(value) > maxLength) {
		return [`${path} must be shorter than or equal to ${maxLength} characters`];
	}
	return [];
}

function booleanErrors(value, path) {
	return isPresent(value) && typeof value !== 'boolean' ? [`${path} must be a boolean value`] : [];
}

function nestedObjectErrors(value, path) {
	return isObject(value) ? [] : [`nested property ${path} must be either object or array`];
}

function messageErrors(message, path) {
	if (!isObject(message)) return [`${path} must be an object`];
	if (!MESSAGE_ROLES.includes(message.role)) {
		return [`${path}.role must be one of the following values: ${MESSAGE_ROLES.join(', ')}`];
	}
	const errors = unknownPropertyErrors(message, MESSAGE_FIELDS[message.role], path);
	if (message.role !== 'assistant' && typeof message.content !== 'string') {
		errors.push(`${path}.content must be a string`);
	} else {
		errors.push(...stringErrors(message.content, `${path}.content`, CONTENT_MAX));
	}
	errors.push(...stringErrors(message.name, `${path}.name`, NAME_MAX));
	if (isPresent(message.metadata) && !isObject(message.metadata))
		errors.push(`${path}.metadata must be an object`);
	if (message.role === 'assistant') {
		errors.push(...stringErrors(message.refusal, `${path}.refusal`, CONTENT_MAX));
		errors.push(...toolCallsErrors(message.tool_calls, `${path}.tool_calls`));
	}
	if (message.role === 'tool' && typeof message.tool_call_id !== 'string') {
		errors.push(`${path}.tool_call_id must be a string`);
	}
	return errors;
}

function toolCallsErrors(toolCalls, path) {
	if (!isPresent(toolCalls)) return [];
	if (!Array.isArray(toolCalls)) return [`${path} must be an array`];
	return toolCalls.flatMap((call, i) => {
		const callPath = `${path}.${i}`;
		if (!isObject(call)) return [`nested property ${callPath} must be either object or array`];
		const errors = unknownPropertyErrors(call, ['id', 'type', 'function'], callPath);
		if (typeof call.id !== 'string') errors.push(`${callPath}.id must be a string`);
		if (typeof call.type !== 'string') errors.push(`${callPath}.type must be a string`);
		if (!isObject(call.function))
			return [...errors, `nested property ${callPath}.function must be either object or array`];
		errors.push(
			...unknownPropertyErrors(call.function, ['name', 'arguments'], `${callPath}.function`),
		);
		if (typeof call.function.name !== 'string')
			errors.push(`${callPath}.function.name must be a string`);
		else errors.push(...stringErrors(call.function.name, `${callPath}.function.name`, 80));
		if (typeof call.function.arguments !== 'string')
			errors.push(`${callPath}.function.arguments must be a string`);
		return errors;
	});
}

function messageListErrors(messages, path) {
	if (!isPresent(messages)) return [];
	if (!Array.isArray(messages)) return [`${path} must be an array`];
	return messages.flatMap((message, i) => messageErrors(message, `${path}.${i}`));
}

function inputErrors(input) {
	if (!isPresent(input)) return ['input should not be null or undefined'];
	if (typeof input === 'string') return input.length === 0 ? ['input should not be empty'] : [];
	if (!Array.isArray(input)) return ['input must be a string or an array of chat messages'];
	if (input.length === 0) return ['input should not be empty'];
	return messageListErrors(input, 'input');
}

function modelMessageErrors(message, path) {
	if (!isObject(message)) return nestedObjectErrors(message, path);
	const errors = unknownPropertyErrors(message, ['role', 'content'], path);
	if (!MODEL_MESSAGE_ROLES.includes(message.role)) {
		errors.push(
			`${path}.role must be one of the following values: ${MODEL_MESSAGE_ROLES.join(', ')}`,
		);
	}
	if (message.content === undefined) errors.push(`${path}.content must be a string`);
	else errors.push(...stringErrors(message.content, `${path}.content`, MODEL_MESSAGE_CONTENT_MAX));
	return errors;
}

function assistantErrors(assistant, path) {
	if (!isPresent(assistant)) return [];
	if (!isObject(assistant)) return nestedObjectErrors(assistant, path);
	const errors = stringErrors(assistant.name, `${path}.name`, NAME_MAX);
	const model = assistant.model;
	if (isPresent(model)) {
		if (!isObject(model)) errors.push(...nestedObjectErrors(model, `${path}.model`));
		else if (isPresent(model.messages) && !Array.isArray(model.messages))
			errors.push(`${path}.model.messages must be an array`);
		else
			errors.push(
				...(model.messages ?? []).flatMap((message, i) =>
					modelMessageErrors(message, `${path}.model.messages.${i}`),
				),
			);
	}
	return errors;
}

function squadErrors(squad, path) {
	if (!isPresent(squad)) return [];
	if (!isObject(squad)) return nestedObjectErrors(squad, path);
	if (!Array.isArray(squad.members)) return [`${path}.members must be an array`];
	if (squad.members.length === 0) return [`${path}.members should not be empty`];
	return squad.members.flatMap((member, i) => {
		const memberPath = `${path}.members.${i}`;
		if (!isObject(member)) return nestedObjectErrors(member, memberPath);
		return [
			...stringErrors(member.assistantId, `${memberPath}.assistantId`),
			...assistantErrors(member.assistant, `${memberPath}.assistant`),
		];
	});
}

/** AssistantOverrides: whitelisted; only the fields the simulator reads are type-checked. */
function overridesErrors(overrides, path = 'assistantOverrides') {
	if (!isPresent(overrides)) return [];
	if (!isObject(overrides)) return nestedObjectErrors(overrides, path);
	const errors = unknownPropertyErrors(overrides, OVERRIDE_FIELDS, path);
	if (isPresent(overrides.variableValues) && !isObject(overrides.variableValues)) {
		errors.push(`${path}.variableValues must be an object`);
	}
	errors.push(...stringErrors(overrides.name, `${path}.name`, NAME_MAX));
	return errors;
}

/** CreateCustomerDTO. No E.164 check of `number`: its wording is Vapi's own and not published. */
function customerErrors(customer, path) {
	if (!isPresent(customer)) return [];
	if (!isObject(customer)) return nestedObjectErrors(customer, path);
	return [
		...unknownPropertyErrors(customer, CUSTOMER_FIELDS, path),
		...Object.entries(CUSTOMER_LENGTHS).flatMap(([key, [min, max]]) =>
			stringErrors(customer[key], `${path}.${key}`, max, min),
		),
		...booleanErrors(customer.numberE164CheckEnabled, `${path}.numberE164CheckEnabled`),
		...overridesErrors(customer.assistantOverrides, `${path}.assistantOverrides`),
		...overridesErrors(customer.squadOverrides, `${path}.squadOverrides`),
	];
}

function transportErrors(transport) {
	if (!isPresent(transport)) return [];
	if (!isObject(transport)) return nestedObjectErrors(transport, 'transport');
	const errors = unknownPropertyErrors(transport, TRANSPORT_FIELDS, 'transport');
	if (transport.type !== 'twilio.sms') {
		errors.push('transport.type must be one of the following values: twilio.sms');
	}
	if (isPresent(transport.conversationType) && transport.conversationType !== 'chat') {
		errors.push('transport.conversationType must be one of the following values: chat');
	}
	errors.push(...stringErrors(transport.phoneNumberId, 'transport.phoneNumberId'));
	errors.push(...stringErrors(transport.customerId, 'transport.customerId'));
	errors.push(...customerErrors(transport.customer, 'transport.customer'));
	errors.push(
		...booleanErrors(
			transport.useLLMGeneratedMessageForOutbound,
			'transport.useLLMGeneratedMessageForOutbound',
		),
	);
	return errors;
}

function expirationErrors(value) {
	if (!isPresent(value)) return [];
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		return ['expirationSeconds must be a number conforming to the specified constraints'];
	}
	if (value < 60) return ['expirationSeconds must not be less than 60'];
	if (value > 2592000) return ['expirationSeconds must not be greater than 2592000'];
	return [];
}

function statusErrors(value) {
	if (!isPresent(value) || ['active', 'completed'].includes(value)) return [];
	return ['status must be one of the following values: active, completed'];
}

function throwIfAny(errors) {
	if (errors.length > 0) throw badRequest(errors);
}

/** Body of POST /chat/responses and POST /chat (CreateChatDTO / OpenAIResponsesRequest). */
function validateChatBody(body) {
	throwIfAny([
		...unknownPropertyErrors(body, CHAT_FIELDS, ''),
		...['assistantId', 'squadId', 'sessionId', 'previousChatId'].flatMap((key) =>
			stringErrors(body[key], key),
		),
		...stringErrors(body.name, 'name', NAME_MAX),
		...inputErrors(body.input),
		...(isPresent(body.stream) && typeof body.stream !== 'boolean'
			? ['stream must be a boolean value']
			: []),
		...assistantErrors(body.assistant, 'assistant'),
		...squadErrors(body.squad, 'squad'),
		...overridesErrors(body.assistantOverrides),
		...transportErrors(body.transport),
	]);
	checkChatRules(body);
}

/** The cross-field rules of CHAT-API.md; Vapi states them as plain (string) 400 messages. */
function checkChatRules(body) {
	const targets = ['assistantId', 'assistant', 'squadId', 'squad'].filter((key) =>
		isPresent(body[key]),
	);
	const has = (key) => isPresent(body[key]);
	if (targets.length === 0 && !has('sessionId') && !has('previousChatId')) {
		throw badRequest(
			'Either assistantId, assistant, squadId, squad, sessionId or previousChatId must be provided.',
		);
	}
	if (targets.length > 1) {
		throw badRequest(
			`Only one of assistantId, assistant, squadId or squad can be provided (got ${targets.join(', ')}).`,
		);
	}
	if (has('sessionId') && has('previousChatId')) {
		throw badRequest('Cannot specify both sessionId and previousChatId.');
	}
	if (has('sessionId') && has('assistantId')) {
		throw badRequest(
			'Cannot specify both sessionId and assistantId: the session already has its assistant.',
		);
	}
	const transport = isObject(body.transport) ? body.transport : {};
	if (has('sessionId') && (isPresent(transport.phoneNumberId) || isPresent(transport.customer))) {
		throw badRequest(
			'Cannot specify both sessionId and transport fields (phoneNumberId/customer) together.',
		);
	}
}

function validateSessionCreateBody(body) {
	throwIfAny([
		...unknownPropertyErrors(body, SESSION_CREATE_FIELDS, ''),
		...stringErrors(body.name, 'name', NAME_MAX),
		...statusErrors(body.status),
		...expirationErrors(body.expirationSeconds),
		...['assistantId', 'squadId', 'customerId', 'phoneNumberId'].flatMap((key) =>
			stringErrors(body[key], key),
		),
		...assistantErrors(body.assistant, 'assistant'),
		...squadErrors(body.squad, 'squad'),
		...overridesErrors(body.assistantOverrides),
		...messageListErrors(body.messages, 'messages'),
		...customerErrors(body.customer, 'customer'),
		...(isPresent(body.phoneNumber) ? nestedObjectErrors(body.phoneNumber, 'phoneNumber') : []),
	]);
}

function validateSessionUpdateBody(body) {
	throwIfAny([
		...unknownPropertyErrors(body, SESSION_UPDATE_FIELDS, ''),
		...stringErrors(body.name, 'name', NAME_MAX),
		...statusErrors(body.status),
		...expirationErrors(body.expirationSeconds),
		...messageListErrors(body.messages, 'messages'),
	]);
}

module.exports = {
	validateChatBody,
	validateSessionCreateBody,
	validateSessionUpdateBody,
	isObject,
	isPresent,
	SESSION_CREATE_FIELDS,
	SESSION_UPDATE_FIELDS,
};
