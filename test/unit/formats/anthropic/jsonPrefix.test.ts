import assert from 'node:assert/strict';
import fc from 'fast-check';
import { JsonObjectPrefix, anthropicInput } from '../../../../src/core/formats/anthropic/jsonPrefix';

/** Feeds `fragments`; returns what was let through and the closing. */
function follow(fragments: readonly string[]): { sent: string; closing: string } {
  const prefix = new JsonObjectPrefix();
  const sent = fragments.map((fragment) => prefix.push(fragment)).join('');
  return { sent, closing: prefix.closing() };
}

/** `text` cut at `cuts`. */
const cut = (text: string, cuts: readonly number[]): string[] => {
  const points = [...new Set(cuts.map((point) => point % (text.length + 1)))].sort((a, b) => a - b);
  return [...points, text.length].map((end, i) => text.slice(i === 0 ? 0 : points[i - 1], end));
};

const object = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
const layout = fc.constantFrom<number | undefined>(undefined, 0, 2, 4);
const cuts = fc.array(fc.nat(), { maxLength: 8 });

describe('JSON object prefix (what may be streamed as input_json_delta)', () => {
  it('lets a whole JSON object through unchanged, however it is cut, with nothing to close', () => {
    fc.assert(
      fc.property(object, layout, cuts, (value, indent, points) => {
        const text = JSON.stringify(value, null, indent);
        assert.deepEqual(follow(cut(text, points)), { sent: text, closing: '' });
      }),
      { numRuns: 500 },
    );
  });

  it('completes any beginning of a JSON object into a valid object, letting the beginning through as it is', () => {
    fc.assert(
      fc.property(object, layout, fc.nat(), cuts, (value, indent, length, points) => {
        const text = JSON.stringify(value, null, indent).slice(0, length);
        const { sent, closing } = follow(cut(text, points));
        assert.ok(text.startsWith(sent), 'only the text itself, in order');
        assert.match(text.slice(sent.length), /^[ \t\n\r]*(,[ \t\n\r]*)?$/, 'only trailing whitespace and a comma wait for what follows');
        const parsed: unknown = JSON.parse(sent + closing);
        assert.equal(typeof parsed, 'object');
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps any text at all to a valid object: the valid beginning of what came', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), cuts, (text, points) => {
        const { sent, closing } = follow(cut(text, points));
        assert.ok(text.replace(/^[ \t\n\r]*/, '').startsWith(sent));
        const parsed: unknown = JSON.parse(sent + closing);
        assert.ok(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed));
      }),
      { numRuns: 1000 },
    );
  });

  it('closes each unfinished token minimally', () => {
    const cases: [string, string, string][] = [
      ['{"a":1', '{"a":1', '}'],
      ['{"a":"x', '{"a":"x', '"}'],
      ['{"a":tr', '{"a":tr', 'ue}'],
      ['{"a":-', '{"a":-', '0}'],
      ['{"a":1.', '{"a":1.', '0}'],
      ['{"a":1e+', '{"a":1e+', '0}'],
      ['{"ke', '{"ke', '":null}'],
      ['{"key"', '{"key"', ':null}'],
      ['{"key":', '{"key":', 'null}'],
      ['{"a":[1, ', '{"a":[1', ']}'],
      ['{"a":1,', '{"a":1', '}'],
      ['{"a":"\\u12', '{"a":"\\u12', '00"}'],
      ['{"a":"\\', '{"a":"\\', '\\"}'],
      ['  ', '', '{}'],
      ['', '', '{}'],
      ['[1]', '', '{}'],
      ['{"a":1}} trailing', '{"a":1}', ''],
      ['{"a":01}', '{"a":0', '}'],
      ['{"a":"line\nbreak"}', '{"a":"line', '"}'],
    ];
    for (const [text, sent, closing] of cases) assert.deepEqual(follow([text]), { sent, closing }, JSON.stringify(text));
  });

  it('gives the object a client gets for any arguments', () => {
    assert.deepEqual(anthropicInput('{"path":"a.ts"}'), { path: 'a.ts' });
    assert.deepEqual(anthropicInput(''), {});
    assert.deepEqual(anthropicInput('[1,2]'), {});
    assert.deepEqual(anthropicInput('{"path":"a.t'), { path: 'a.t' });
    assert.deepEqual(anthropicInput('{"__proto__":{"x":1}}'), JSON.parse('{"__proto__":{"x":1}}'));
  });
});
