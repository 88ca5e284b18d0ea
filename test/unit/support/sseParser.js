'use strict';

// The SSE parser the tests compare against eventsource-parser and read streams with. It is a thin
// adapter over the node's own framer (from dist/, the one ChatStreamAggregator uses): bytes are
// decoded as the aggregator decodes them (a streaming TextDecoder, which drops a leading BOM and
// turns invalid UTF-8 into U+FFFD), and each event comes out as {data, event?, id?}.
const { SseFramer } = require('../../../dist/nodes/Vapi/stream/sseFramer.js');

class SseParser {
	constructor(onEvent) {
		this.decoder = new TextDecoder();
		const framer = new SseFramer((data, type) => {
			const event = { data };
			if (type !== '') event.event = type;
			if (framer.lastEventId !== '') event.id = framer.lastEventId;
			onEvent(event);
		});
		this.framer = framer;
	}

	push(chunk) {
		this.framer.feed(this.decoder.decode(chunk, { stream: true }));
	}

	/** The stream ended: dispatches an event whose terminating blank line never came. */
	end() {
		this.framer.feed(this.decoder.decode());
		this.framer.end();
	}
}

module.exports = { SseParser };
