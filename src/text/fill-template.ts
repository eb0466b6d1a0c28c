/**
 * Fills `{{name}}` placeholders with escaped values and `{{{name}}}` with
 * values taken as markup. A placeholder the caller does not supply is a bug
 * in the template or the caller, never silently left in an output.
 */
export function fillTemplate(template: string, values: Record<string, string>, escape: (s: string) => string): string {
  return template.replace(/\{\{(\{?)\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}?\}\}/gu, (whole, raw: string, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder ${whole} has no value`);
    return raw ? value : escape(value);
  });
}
