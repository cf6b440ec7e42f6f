/** An error as Go (or Mesh) worded it. `quiet` (for a list that failed to load when the view
 * opened) announces it politely instead of as an alert. */
export function ErrorBox({ message, testId, quiet = false }: { message?: string; testId?: string; quiet?: boolean }) {
  if (!message) return null;
  return (
    <div role={quiet ? 'status' : 'alert'} className="error" data-testid={testId}>
      {message}
    </div>
  );
}
