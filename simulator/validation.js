'use strict';

/**
 * Request body checks with Vapi's (NestJS class-validator) wording: the DTO is whitelisted, so an
 * unknown property is an error, and every problem becomes one string of the 400 `message` array.
 * Nested problems are prefixed with their path (`transport.property x should not exist`).
 * The DTOs' properties are in dto-fields.js, one value's checks in dto-checks.js, messages in
 * message-validation.js.
 */

const { badRequest } = require('./errors');
const {
	booleanErrors,
	isObject,
	isPresent,
	NAME_MAX,
	nestedObjectErrors,
	stringErrors,
	throwIfAny,
	unknownPropertyErrors,
} = require('./dto-checks');
const { messageListErrors, inputErrors, modelMessageErrors } = require('./message-validation');

const DTO = require('./dto-fields');

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
	const errors = unknownPropertyErrors(overrides, DTO.OVERRIDE_FIELDS, path);
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
		...unknownPropertyErrors(customer, DTO.CUSTOMER_FIELDS, path),
		...Object.entries(DTO.CUSTOMER_LENGTHS).flatMap(([key, [min, max]]) =>
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
	const errors = unknownPropertyErrors(transport, DTO.TRANSPORT_FIELDS, 'transport');
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

/** Body of POST /chat/responses and POST /chat (CreateChatDTO / OpenAIResponsesRequest). */
function validateChatBody(body) {
	throwIfAny([
		...unknownPropertyErrors(body, DTO.CHAT_FIELDS, ''),
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

/** The fields Session Create and Update share: name, status, expiration. */
function sessionStateErrors(body) {
	return [
		...stringErrors(body.name, 'name', NAME_MAX),
		...statusErrors(body.status),
		...expirationErrors(body.expirationSeconds),
	];
}

function validateSessionCreateBody(body) {
	throwIfAny([
		...unknownPropertyErrors(body, DTO.SESSION_CREATE_FIELDS, ''),
		...sessionStateErrors(body),
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
		...unknownPropertyErrors(body, DTO.SESSION_UPDATE_FIELDS, ''),
		...sessionStateErrors(body),
		...messageListErrors(body.messages, 'messages'),
	]);
}

module.exports = {
	validateChatBody,
	validateSessionCreateBody,
	validateSessionUpdateBody,
	SESSION_CREATE_FIELDS: DTO.SESSION_CREATE_FIELDS,
	SESSION_UPDATE_FIELDS: DTO.SESSION_UPDATE_FIELDS,
	// dto-checks.js's, for the handlers that have always taken them from here.
	isObject,
	isPresent,
};
