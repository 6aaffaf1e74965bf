// A tiny element builder: text always goes in as text, never as HTML, so nothing from the store can
// inject markup into the console.
export type Child = Node | string | number | null | undefined | false;
type Attribute = string | boolean | number | undefined | ((event: Event) => void);

export function h(tag: string, attributes: Record<string, Attribute> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function replace(parent: HTMLElement, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export const when = (ms: number | null | undefined): string => (ms ? new Date(ms).toLocaleString() : '—');

export function table(headings: string[], rows: HTMLElement[], empty: string): HTMLElement {
  if (rows.length === 0) return h('div', { class: 'empty' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, ...headings.map((x) => h('th', {}, x)))), h('tbody', {}, ...rows));
}

export function fields(entries: [string, Child][]): HTMLElement {
  return h('dl', { class: 'grid' }, ...entries.map(([name, value]) => h('div', { class: 'field' }, h('dt', {}, name), h('dd', {}, value ?? '—'))));
}

export const badge = (text: string, kind = ''): HTMLElement => h('span', { class: `badge ${kind}` }, text);

export const errorBox = (error: unknown): HTMLElement => h('div', { class: 'error' }, error instanceof Error ? error.message : String(error));
