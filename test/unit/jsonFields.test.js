// The JSON parameters taken out of the routed body, and the body as the JSON text that is sent.
const {
	takeJsonFields,
	putJsonFields,
	toRequestJson,
} = require('../../dist/nodes/Vapi/rules/jsonFields.js');
const { FieldError } = require('../../dist/nodes/Vapi/rules/fieldLabels.js');

const PATHS = ['assistant', 'assistantOverrides.variableValues'];
const LABELS = {
	assistant: 'Assistant (JSON)',
	'assistantOverrides.variableValues': 'Variable Values',
};
const labelOf = (path) => LABELS[path];

describe('takeJsonFields', () => {
	test('takes each field out of the body: parsed, with the text as written (trimmed)', () => {
		const body = {
			input: 'Hi',
			assistant: '  {"name": "Ada",\n "model": {}}\n',
			assistantOverrides: { variableValues: '{"a": ""}' },
		};
		expect(takeJsonFields(body, PATHS, labelOf)).toEqual([
			{
				path: 'assistant',
				value: { name: 'Ada', model: {} },
				text: '{"name": "Ada",\n "model": {}}',
			},
			{
				path: 'assistantOverrides.variableValues',
				value: { a: '' },
				text: '{"a": ""}',
			},
		]);
		expect(body).toEqual({ input: 'Hi', assistantOverrides: {} });
	});

	test('an object from an expression has no text', () => {
		const body = { assistant: { name: 'Ada' } };
		expect(takeJsonFields(body, PATHS, labelOf)).toEqual([
			{ path: 'assistant', value: { name: 'Ada' }, text: undefined },
		]);
	});

	test.each([['{}'], [' {} '], [''], ['   '], [{}], [null]])(
		'a field left empty (%j) is dropped',
		(value) => {
			const body = { assistant: value };
			expect(takeJsonFields(body, PATHS, labelOf)).toEqual([]);
			expect(body).toEqual({});
		},
	);

	test('keys named __proto__, constructor and prototype stay own keys of the value', () => {
		const body = { assistant: '{"__proto__": {"x": 1}, "constructor": "c", "prototype": "p"}' };
		const [field] = takeJsonFields(body, PATHS, labelOf);
		expect(Object.keys(field.value)).toEqual(['__proto__', 'constructor', 'prototype']);
		expect(Object.getPrototypeOf(field.value)).toBe(Object.prototype);
	});

	test('a field that is not a JSON object throws a FieldError naming it and its API field', () => {
		const body = { assistantOverrides: { variableValues: '[1]' } };
		expect(() => takeJsonFields(body, PATHS, labelOf)).toThrow(FieldError);
		expect(() =>
			takeJsonFields({ assistantOverrides: { variableValues: '[1]' } }, PATHS, labelOf),
		).toThrow(
			'"Variable Values" (assistantOverrides.variableValues) must be a JSON object ({…}), but it is a JSON array.',
		);
	});
});

describe('putJsonFields', () => {
	test('puts the values back, beside what the body holds already', () => {
		const body = { input: 'Hi', assistantOverrides: { other: 1 } };
		putJsonFields(body, [
			{ path: 'assistant', value: { name: 'Ada' } },
			{ path: 'assistantOverrides.variableValues', value: { a: 1 } },
		]);
		expect(body).toEqual({
			input: 'Hi',
			assistant: { name: 'Ada' },
			assistantOverrides: { other: 1, variableValues: { a: 1 } },
		});
	});
});

describe('toRequestJson', () => {
	test('the body as JSON, each field with a text exactly as written', () => {
		const text = '{ "name" : "Ada", "n": 1.50, "big": 12345678901234567890, "2": 1, "1": 2 }';
		const fields = [{ path: 'assistant', value: JSON.parse(text), text }];
		const body = { input: 'Hi', assistant: JSON.parse(text), stream: true };
		expect(toRequestJson(body, fields)).toBe(`{"input":"Hi","assistant":${text},"stream":true}`);
	});

	test("a nested field with a text, and one without (an expression's object)", () => {
		const fields = [
			{ path: 'assistantOverrides.variableValues', value: { a: '' }, text: '{"a":  ""}' },
			{ path: 'assistant', value: { name: 'Ada' } },
		];
		const body = {
			assistant: { name: 'Ada' },
			assistantOverrides: { variableValues: { a: '' } },
			messages: [{ role: 'user', content: 'x' }],
			skipped: undefined,
		};
		expect(toRequestJson(body, fields)).toBe(
			'{"assistant":{"name":"Ada"},"assistantOverrides":{"variableValues":{"a":  ""}},"messages":[{"role":"user","content":"x"}]}',
		);
	});

	test('own __proto__, constructor and prototype keys are serialised too', () => {
		const value = JSON.parse('{"__proto__": {"x": 1}, "constructor": "c", "prototype": "p"}');
		expect(toRequestJson({ assistant: value }, [{ path: 'assistant', value }])).toBe(
			'{"assistant":{"__proto__":{"x":1},"constructor":"c","prototype":"p"}}',
		);
	});

	test('the text is valid JSON that parses to the checked body', () => {
		const text = '{"__proto__": {"x": 1}, "members": [{"assistantId": "a"}]}';
		const value = JSON.parse(text);
		const body = { input: 'Hi', squad: value };
		expect(JSON.parse(toRequestJson(body, [{ path: 'squad', value, text }]))).toEqual(body);
	});
});
