'use strict';

/**
 * Messages in Vapi's wording: a chat's input and a session's messages (the Responses message
 * items, by role), and the OpenAIMessage items of a transient assistant's model.messages.
 */

const {
	isObject,
	isPresent,
	NAME_MAX,
	nestedObjectErrors,
	stringErrors,
	unknownPropertyErrors,
} = require('./dto-checks');

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

module.exports = { messageListErrors, inputErrors, modelMessageErrors };
