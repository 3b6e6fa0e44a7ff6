// Server-side HTML without a build step: the `html` tagged template escapes every value it
// interpolates unless the value is already Html (another template's output), so a page cannot
// print a case field, a step title or an error message as markup by mistake.

/** Markup that is safe to send: produced by `html` or `trusted`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** A value a template may interpolate: text (escaped), Html (kept), lists of either, or nothing. */
export type Interpolation = string | number | boolean | null | undefined | Html | Interpolation[];

/** Escapes text for an HTML element or a double- or single-quoted attribute. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The tagged template: `html\`<p>${text}</p>\`` escapes text; nested html stays markup. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Markup written by this code itself (never user or case data). */
export function trusted(markup: string): Html {
  return new Html(markup);
}
