import { useState } from 'react';

/** Copies text to the clipboard; says whether it worked. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A small "Copy" button that says "Copied" (or "Copy failed") once pressed. */
export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [done, setDone] = useState<string>();
  return (
    <button
      type="button"
      className="td-copy"
      aria-label={`Copy ${label}`}
      data-testid={testId}
      onClick={() => copyText(text).then((ok) => setDone(ok ? 'Copied' : 'Copy failed'))}
    >
      {done ?? 'Copy'}
    </button>
  );
}
