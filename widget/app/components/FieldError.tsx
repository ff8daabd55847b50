/** A form field's error, named by the field's aria-describedby (`parley-<id>-error`). */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={`parley-${id}-error`} class="field-error">
      {error}
    </p>
  ) : null;
}
