'use strict';

/** The properties of Vapi's request DTOs, as of VapiAI/docs fern/apis/api/openapi.json. */

// Written from Vapi's DTOs, deliberately not imported from the node's rules (nodes/Vapi/rules/):
// the simulator checks requests on its own, so a wrong rule in the node fails a test.
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

module.exports = {
	CHAT_FIELDS,
	SESSION_CREATE_FIELDS,
	SESSION_UPDATE_FIELDS,
	TRANSPORT_FIELDS,
	CUSTOMER_FIELDS,
	CUSTOMER_LENGTHS,
	OVERRIDE_FIELDS,
};
