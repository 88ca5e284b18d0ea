'use strict';

/**
 * One value checked with class-validator's wording (Vapi's DTOs are NestJS class-validator
 * classes): each function returns the 400 `message` strings for what is wrong, [] when nothing is;
 * nested problems are prefixed with their path. Used by validation.js and message-validation.js.
 */

const { badRequest } = require('./errors');

// The longest name a DTO takes (assistant, session, message and override names).
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

function throwIfAny(errors) {
	if (errors.length > 0) throw badRequest(errors);
}

module.exports = {
	NAME_MAX,
	isObject,
	isPresent,
	unknownPropertyErrors,
	stringErrors,
	booleanErrors,
	nestedObjectErrors,
	throwIfAny,
};
