/**
 * A few helpers to build the pages from elements, never from HTML strings: text is always text, so
 * nothing a server or a customer typed can become markup.
 */

type Child = Node | string | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== undefined) element.setAttribute(name, String(value));
  }
  element.append(...children.filter((c): c is Node | string => c !== false && c !== null && c !== undefined));
  return element;
}

let ids = 0;
/** A fresh id for pairing a label with its control. */
export const newId = (prefix: string) => `${prefix}-${++ids}`;

/** A labelled control, with an optional hint the control is described by. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
) {
  control.id ||= newId('f');
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : undefined;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintEl);
}

/** A place for a form's error, read out when it appears. */
export function errorBox(): HTMLParagraphElement {
  return h('p', { class: 'error', role: 'alert', hidden: true });
}

export function showError(box: HTMLElement, message: string | undefined): void {
  box.textContent = message ?? '';
  box.hidden = !message;
}

/**
 * Runs `work` with `button` showing it is busy (disabled, aria-busy, its label changed), and gives the
 * button back whatever happens. The calls themselves time out (api.ts), so a button never stays busy.
 */
export async function whileBusy<T>(
  button: HTMLButtonElement,
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  const before = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = label;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = before;
  }
}

/** A loading line for a list that is being read. */
export const loading = (what: string) => h('p', { class: 'loading', role: 'status' }, `Loading ${what}…`);

/** Dates and times as a person in Brazil reads them. */
export const when = (iso: string) =>
  new Date(iso).toLocaleString('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
