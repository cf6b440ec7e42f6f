/** The message Go returned for one form field (nothing when there is none). */
export function FieldError({ errors, field }: { errors?: Record<string, string>; field: string }) {
  const msg = errors?.[field];
  if (!msg) return null;
  return (
    <span className="field-error" role="alert" data-field={field}>
      {msg}
    </span>
  );
}
