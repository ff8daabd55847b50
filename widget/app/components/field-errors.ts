/**
 * Shows the errors a form's check `found` and moves focus to the first invalid
 * field (`#<idPrefix><field>` in `form`), so a keyboard or screen-reader user
 * lands where the fix is. True when there was one: the form is not sent. A
 * module of its own: the prechat and the offline form are separate chunks.
 */
export function showErrors<Found extends Record<string, string>>(
  found: Found,
  setErrors: (errors: Found) => void,
  form: ParentNode | null | undefined,
  idPrefix: string,
): boolean {
  setErrors(found);
  const first = Object.keys(found)[0];
  if (!first) return false;
  form?.querySelector<HTMLElement>(`#${idPrefix}${first}`)?.focus();
  return true;
}
