// A strict, conforming XML 1.0 parser (npm saxes) for checking replies: any well-formedness error
// (illegal character, undefined entity, unescaped `&`/`<`, bad nesting) throws. Returns a small tree.
import { SaxesParser } from 'saxes';

export interface StrictElement { name: string; attributes: Record<string, string>; children: StrictElement[]; text: string }

export function parseStrict(xml: string): StrictElement {
  const parser = new SaxesParser();
  const stack: StrictElement[] = [];
  let root: StrictElement | undefined;
  let error: Error | undefined;
  parser.on('error', (e) => { error ??= e; });
  parser.on('opentag', (tag) => {
    const el: StrictElement = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(el); else root = el;
    stack.push(el);
  });
  parser.on('text', (t) => { if (stack.length) stack[stack.length - 1].text += t; });
  parser.on('cdata', (t) => { if (stack.length) stack[stack.length - 1].text += t; });
  parser.on('closetag', () => { stack.pop(); });
  parser.write(xml).close();
  if (error) throw new Error(`not well-formed XML: ${error.message}`);
  if (!root) throw new Error('not well-formed XML: no root element');
  return root;
}

/** Every descendant (depth first) named `name`. */
export function findAll(el: StrictElement, name: string): StrictElement[] {
  const out: StrictElement[] = [];
  const walk = (e: StrictElement) => { for (const c of e.children) { if (c.name === name) out.push(c); walk(c); } };
  walk(el);
  return out;
}

/** The values of every XML-RPC struct member called `member` in a reply, as text (untyped strings). */
export function memberTexts(el: StrictElement, member: string): string[] {
  return findAll(el, 'member')
    .filter((m) => m.children.find((c) => c.name === 'name')?.text === member)
    .map((m) => {
      const value = m.children.find((c) => c.name === 'value')!;
      return value.children.length ? value.children[0].text : value.text;
    });
}
