// The baseline every figure is compared with: what a careful hand-written client would do with
// off-the-shelf parts — eventsource-parser's createParser fed strings from a streaming
// TextDecoder, JSON.parse per event, and string concatenation of the deltas.
import { createParser } from 'eventsource-parser';

export class BaselineAggregator {
	text = '';
	completed = undefined;
	decoder = new TextDecoder();
	parser = createParser({
		onEvent: (event) => {
			if (event.data === '[DONE]') return;
			const parsed = JSON.parse(event.data);
			if (parsed.type === 'response.output_text.delta') this.text += parsed.delta;
			else if (parsed.type === 'response.completed') this.completed = parsed.response;
			else if (parsed.type === 'error') throw new Error(`stream error: ${parsed.message}`);
		},
	});

	push(chunk) {
		this.parser.feed(this.decoder.decode(chunk, { stream: true }));
	}

	/** The concatenated deltas; throws when the stream did not end with response.completed. */
	finish() {
		this.parser.feed(this.decoder.decode());
		if (this.completed === undefined) throw new Error('baseline: no response.completed event');
		return this.text;
	}
}
