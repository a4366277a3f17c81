import { describe, expect, it } from 'vitest';
import { ev, evError, evJson } from '../testing/eval-helpers.js';
import { isExprFloat } from '../value.js';

// The examples of xml(), xpath() and json() in Microsoft Learn's expression reference
// (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#xml, #xpath, #json),
// with the XML held in a parameter-free string literal.
const PRODUCE =
  '\'<?xml version="1.0"?><produce><item><name>Gala</name><type>apple</type><count>20</count></item>' +
  "<item><name>Honeycrisp</name><type>apple</type><count>10</count></item></produce>'";

describe('xml(): Microsoft Learn examples', () => {
  it('keeps well-formed XML text as is', () => {
    expect(ev("@xml('<name>Sophia Owen</name>')")).toBe('<name>Sophia Owen</name>');
  });

  it('converts a JSON object with one root property to XML', () => {
    expect(ev('@xml(json(\'{ "name": "Sophia Owen" }\'))')).toBe('<name>Sophia Owen</name>');
    expect(ev('@xml(json(\'{ "person": { "name": "Sophia Owen", "city": "Seattle" } }\'))')).toBe(
      '<person><name>Sophia Owen</name><city>Seattle</city></person>',
    );
  });

  it('maps @attributes, #text, arrays and null as Json.NET does', () => {
    expect(
      ev('@xml(json(\'{"root":{"@id":"7","item":[1,{"#text":"b","@k":"v"}],"empty":null,"ok":true}}\'))'),
    ).toBe('<root id="7"><item>1</item><item k="v">b</item><empty/><ok>true</ok></root>');
  });

  it('refuses text that is not XML, and objects without exactly one root', () => {
    expect(evError("@xml('<a><b></a>')").code).toBe('expr/invalid-format');
    expect(evError("@xml('plain text')").code).toBe('expr/invalid-format');
    expect(evError('@xml(json(\'{"a":1,"b":2}\'))').message).toMatch(/one root property/);
    expect(evError('@xml(json(\'{"bad name":1}\'))').message).toMatch(/not a valid XML/);
    expect(evError('@xml(1)').code).toBe('expr/type');
  });
});

describe('xpath(): Microsoft Learn examples', () => {
  it('returns the matching nodes as XML, an array when there are several', () => {
    expect(evJson(`@xpath(xml(${PRODUCE}), '/produce/item/name')`)).toEqual([
      '<name>Gala</name>',
      '<name>Honeycrisp</name>',
    ]);
  });

  it('returns one node by itself', () => {
    expect(ev(`@xpath(xml(${PRODUCE}), '(/produce/item/name)[1]')`)).toBe('<name>Gala</name>');
    expect(ev(`@xpath(xml(${PRODUCE}), '/produce/item[name = "Honeycrisp"]/count')`)).toBe(
      '<count>10</count>',
    );
  });

  it('evaluates XPath functions to numbers, strings and booleans', () => {
    const sum = ev(`@xpath(xml(${PRODUCE}), 'sum(/produce/item/count)')`);
    expect(isExprFloat(sum)).toBe(true);
    expect(evJson(`@xpath(xml(${PRODUCE}), 'sum(/produce/item/count)')`)).toBe(30);
    expect(ev(`@xpath(xml(${PRODUCE}), 'string(/produce/item[2]/name)')`)).toBe('Honeycrisp');
    expect(ev(`@xpath(xml(${PRODUCE}), 'count(/produce/item) = 2')`)).toBe(true);
  });

  it('matches namespaced elements with name() and local-name()', () => {
    const file =
      '\'<?xml version="1.0"?><file xmlns="https://contoso.com"><location>Paris</location></file>\'';
    expect(ev(`@xpath(xml(${file}), '/*[name()="file"]/*[name()="location"]')`)).toBe(
      '<location xmlns="https://contoso.com">Paris</location>',
    );
    expect(ev(`@xpath(xml(${file}), 'string(/*[local-name()="file"]/*[local-name()="location"])')`)).toBe(
      'Paris',
    );
  });

  it('gives attribute and text nodes as their values, and no match as an empty array', () => {
    const x = '\'<r><i id="a">1</i><i id="b">2</i></r>\'';
    expect(evJson(`@xpath(xml(${x}), '/r/i/@id')`)).toEqual(['a', 'b']);
    expect(ev(`@xpath(xml(${x}), '/r/i[2]/text()')`)).toBe('2');
    expect(evJson(`@xpath(xml(${x}), '/r/none')`)).toEqual([]);
  });

  it('fails clearly on bad XML and bad XPath', () => {
    expect(evError("@xpath('<a>', '/a')").code).toBe('expr/invalid-format');
    expect(evError("@xpath('<a/>', '/a[')").message).toMatch(/not a valid XPath expression/);
    expect(evError("@xpath('<a/>', 1)").code).toBe('expr/type');
  });
});

describe('json() of XML (Json.NET SerializeXmlNode rules)', () => {
  it('converts the declaration and attributes; a single element stays an object', () => {
    expect(
      evJson(
        '@json(xml(\'<?xml version="1.0"?> <root> <person id="1"> <name>Sophia Owen</name> <occupation>Engineer</occupation> </person> </root>\'))',
      ),
    ).toEqual({
      '?xml': { '@version': '1.0' },
      root: { person: { '@id': '1', name: 'Sophia Owen', occupation: 'Engineer' } },
    });
  });

  it('turns repeated elements into arrays, empty ones into null, mixed text into #text', () => {
    expect(evJson('@json(\'<r><i>1</i><i>2</i><e/><m a="x">t</m></r>\')')).toEqual({
      r: { i: ['1', '2'], e: null, m: { '@a': 'x', '#text': 't' } },
    });
    expect(evError("@json('<r>')").code).toBe('expr/invalid-format');
  });
});
