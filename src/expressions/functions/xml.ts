import { createRequire } from 'node:module';
import type * as XmlDom from '@xmldom/xmldom';
import type * as XPath from 'xpath';
import { ExprCode } from '../expression-codes.js';
import { toText } from '../value-text.js';
import { isExprObject, toFloatValue } from '../value.js';
import type { ExprObject, ExprValue } from '../value.js';
import { defineFunction, str, typeError } from './args.js';
import { FunctionError } from './function-def.js';

/*
 * xml(), xpath() and json() of XML text, as the expression language defines them
 * (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#xml and
 * #xpath, #json). An XML value is held as its text: `string(xml(x))` is that text, and every function that
 * takes XML takes the text. Parsing is @xmldom/xmldom's, XPath 1.0 is the `xpath` package's; both load on the
 * first XML function called, so expressions without XML never pay for them.
 */

const load = createRequire(import.meta.url);
let dom: typeof XmlDom | undefined;
let xpathLib: typeof XPath | undefined;
const xmldom = (): typeof XmlDom => (dom ??= load('@xmldom/xmldom') as typeof XmlDom);
const xpathModule = (): typeof XPath => (xpathLib ??= load('xpath') as typeof XPath);

// DOM node types (W3C DOM Level 1), as numbers so that no DOM class is needed to test them.
const ELEMENT = 1;
const ATTRIBUTE = 2;
const TEXT = 3;
const CDATA = 4;
const PROCESSING_INSTRUCTION = 7;

function invalidXml(fn: string, detail: string): never {
  throw new FunctionError(ExprCode.InvalidFormat, `${fn}(): the value is not valid XML: ${detail}`);
}

/** Parses XML text; any well-formedness error (xmldom reports errors and fatal errors) is `expr/invalid-format`. */
function parseXml(fn: string, text: string): XmlDom.Document {
  const { DOMParser } = xmldom();
  const fail = (msg: unknown): never => invalidXml(fn, String(msg).split('\n')[0] ?? '');
  let doc: XmlDom.Document;
  try {
    doc = new DOMParser({
      onError: (level, msg) => (level === 'warning' ? undefined : fail(msg)),
    }).parseFromString(text, 'text/xml');
  } catch (err) {
    if (err instanceof FunctionError) throw err;
    return fail(err instanceof Error ? err.message : err);
  }
  if (!doc.documentElement) invalidXml(fn, 'no root element');
  return doc;
}

const serialize = (node: XmlDom.Node): string => new (xmldom().XMLSerializer)().serializeToString(node);

/** The text of an XML name: JSON keys that are not valid XML names are refused, as .NET's converter does. */
const XML_NAME = /^[A-Za-z_:][\w.:-]*$/;

function checkName(fn: string, name: string): string {
  if (!XML_NAME.test(name)) invalidXml(fn, `'${name}' is not a valid XML element or attribute name`);
  return name;
}

/** A JSON scalar as element or attribute text: JSON's own spelling (`true`, `1.5`), null as empty. */
function jsonText(v: ExprValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return String(v);
  return toText(v);
}

/**
 * JSON → XML as Json.NET's `DeserializeXmlNode` does, which ADF uses: the object has one property, the root
 * element; nested objects are elements; an array repeats its property's element; `@name` keys are attributes,
 * `#text` is text, `#cdata-section` a CDATA section; null is an empty element; numbers and booleans are their
 * JSON text.
 */
function jsonToXml(fn: string, root: ExprObject): string {
  const keys = Object.keys(root).filter((k) => !k.startsWith('?'));
  if (keys.length !== 1)
    invalidXml(fn, `a JSON object needs exactly one root property to become XML (it has ${keys.length})`);
  const { DOMImplementation } = xmldom();
  const doc = new DOMImplementation().createDocument(null, '', null);
  const append = (parent: XmlDom.Node, name: string, value: ExprValue): void => {
    if (Array.isArray(value)) {
      for (const item of value as readonly ExprValue[]) append(parent, name, item);
      return;
    }
    const el = doc.createElement(checkName(fn, name));
    parent.appendChild(el);
    if (value === null) return;
    if (!isExprObject(value)) {
      el.appendChild(doc.createTextNode(jsonText(value)));
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('@')) el.setAttribute(checkName(fn, k.slice(1)), jsonText(v));
      else if (k === '#text') el.appendChild(doc.createTextNode(jsonText(v)));
      else if (k === '#cdata-section') el.appendChild(doc.createCDATASection(jsonText(v)));
      else append(el, k, v);
    }
  };
  append(doc, keys[0]!, root[keys[0]!]!);
  return serialize(doc);
}

/** xml(value): XML text (checked to be well-formed) or a JSON object (or its text) converted to XML. */
const xml = defineFunction('xml', 1, 1, (args): ExprValue => {
  const v = args[0]!;
  if (isExprObject(v)) return jsonToXml('xml', v);
  if (typeof v !== 'string') return typeError('xml', 0, 'a string or an object', v);
  const text = v.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return invalidXml('xml', 'text that starts with { must be a JSON object');
    }
    return jsonToXml('xml', parsed as ExprObject);
  }
  parseXml('xml', v);
  return v;
});

/** A node of an XPath result as ADF returns it: elements as their XML, attributes and text as their value. */
function nodeValue(node: XmlDom.Node): ExprValue {
  const t = node.nodeType;
  return t === ATTRIBUTE || t === TEXT || t === CDATA ? (node.nodeValue ?? '') : serialize(node);
}

/**
 * xpath(xml, expression): evaluates an XPath 1.0 expression. A node set with one node gives that node, with
 * several an array of them, with none an empty array; numbers, strings and booleans are returned as such
 * (XPath numbers are floats). Prefixes need no declaration: match namespaced names with `local-name()`
 * or `name()`, as ADF's examples do.
 */
const xpath = defineFunction('xpath', 2, 2, (args): ExprValue => {
  const source = args[0]!;
  const text = isExprObject(source) ? jsonToXml('xpath', source) : str('xpath', args, 0);
  const expression = str('xpath', args, 1);
  const doc = parseXml('xpath', text);
  let result: XPath.SelectReturnType;
  try {
    result = xpathModule().select(expression, doc as unknown as Node);
  } catch (err) {
    throw new FunctionError(
      ExprCode.InvalidFormat,
      `xpath(): '${expression}' is not a valid XPath expression: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (typeof result === 'number') return Number.isFinite(result) ? toFloatValue(result) : null;
  if (typeof result === 'string' || typeof result === 'boolean') return result;
  const nodes = (Array.isArray(result) ? result : [result]) as unknown as XmlDom.Node[];
  const values = nodes.map(nodeValue);
  return values.length === 1 ? values[0]! : values;
});

/** Adds `value` under `key`; a key seen twice becomes an array, as Json.NET does for repeated elements. */
function addProperty(out: Record<string, ExprValue>, key: string, value: ExprValue): void {
  if (!Object.hasOwn(out, key)) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    return;
  }
  const existing = out[key]!;
  out[key] = Array.isArray(existing) ? [...(existing as ExprValue[]), value] : [existing, value];
}

/** One element as JSON: text-only → string, empty → null, otherwise an object of attributes and children. */
function elementToJson(el: XmlDom.Element): ExprValue {
  const out: Record<string, ExprValue> = {};
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    addProperty(out, `@${a.name}`, a.value);
  }
  const texts: string[] = [];
  let children = 0;
  for (let n = el.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === ELEMENT) {
      children++;
      addProperty(out, n.nodeName, elementToJson(n as XmlDom.Element));
    } else if (n.nodeType === TEXT || n.nodeType === CDATA) {
      if ((n.nodeValue ?? '').trim() !== '' || n.nodeType === CDATA)
        texts.push(n.nodeType === CDATA ? (n.nodeValue ?? '') : (n.nodeValue ?? '').trim());
    }
  }
  const attributes = el.attributes.length;
  if (children === 0 && attributes === 0) return texts.length === 0 ? null : texts.join('');
  if (texts.length === 1) addProperty(out, '#text', texts[0]!);
  else if (texts.length > 1) addProperty(out, '#text', texts);
  return out;
}

/**
 * XML text → JSON as Json.NET's `SerializeXmlNode` does, which ADF's json() uses: the declaration becomes
 * `?xml` with its attributes, the root element a property; attributes are `@name`, mixed text `#text`, and
 * repeated elements arrays.
 */
export function xmlToJson(text: string): ExprValue {
  const doc = parseXml('json', text);
  const out: Record<string, ExprValue> = {};
  for (let n = doc.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType === PROCESSING_INSTRUCTION && n.nodeName === 'xml') {
      const decl: Record<string, ExprValue> = {};
      for (const m of (n.nodeValue ?? '').matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
        addProperty(decl, `@${m[1]!}`, m[2] ?? m[3] ?? '');
      addProperty(out, '?xml', decl);
    } else if (n.nodeType === ELEMENT) addProperty(out, n.nodeName, elementToJson(n as XmlDom.Element));
  }
  return out;
}

/** The XML functions (xml(), xpath()); json() of XML text calls `xmlToJson`. */
export const xmlFunctions = Object.freeze([xml, xpath]);
