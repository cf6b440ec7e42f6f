import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api';
import { type Note, addNote, notes as loadNotes, setTags, tags as loadTags } from '../../api/treasury';
import { ErrorBox } from '../../components/common/ErrorBox';

/** Splits what was typed into a tag field into the tags it names (comma or whitespace
 * separated); Go normalises them and says which it refuses. */
export function splitTags(typed: string): string[] {
  return typed
    .split(/[,\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** The tags of a transfer (initial: as loaded) as removable chips and an input: Enter or a comma adds what was
 * typed, Backspace in the empty input removes the last tag. Each change is sent to Go, whose
 * answer (the normalised list) is what is shown. */
export function TagInput({ transferId, initial }: { transferId: string; initial: string[] }) {
  const [list, setList] = useState(initial);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const inputRef = useRef<HTMLInputElement>(null);

  const save = async (next: string[]) => {
    try {
      const saved = await setTags(transferId, next);
      setList(saved ?? []);
      setError(undefined);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    }
  };
  const commit = async () => {
    const add = splitTags(typed).filter((t) => !list.includes(t));
    if (!add.length) {
      setTyped('');
      return;
    }
    if (await save([...list, ...add])) setTyped('');
  };

  return (
    <div className="nt-tags">
      <ul className="nt-chips" aria-label="Tags" data-testid="tags">
        {list.map((t) => (
          <li key={t} className="nt-chip">
            <span>{t}</span>
            <button
              type="button"
              aria-label={`Remove tag ${t}`}
              onClick={() => {
                void save(list.filter((x) => x !== t));
                inputRef.current?.focus();
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        ref={inputRef}
        aria-label="Add a tag"
        placeholder={list.length ? 'Add a tag' : 'Add a tag (Enter)'}
        value={typed}
        onChange={(e) => {
          const v = e.target.value;
          if (v.endsWith(',')) {
            setTyped(v.slice(0, -1));
            void (async () => {
              const add = splitTags(v).filter((t) => !list.includes(t));
              if (add.length && (await save([...list, ...add]))) setTyped('');
            })();
          } else setTyped(v);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void commit();
          } else if (e.key === 'Backspace' && typed === '' && list.length) {
            e.preventDefault();
            void save(list.slice(0, -1));
          }
        }}
        data-testid="tag-input"
      />
      <ErrorBox message={error} testId="tags-error" />
    </div>
  );
}

/** Notes and tags on a transfer: the notes (newest last, with who and when), a box to add one,
 * and the tag input. */
export function NotesTags({ transferId }: { transferId: string }) {
  const [list, setList] = useState<Note[]>();
  const [tagList, setTagList] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setList(undefined);
    setError(undefined);
    Promise.all([loadNotes(transferId), loadTags(transferId)]).then(
      ([n, t]) => {
        if (!live) return;
        setList(n ?? []);
        setTagList(t ?? []);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [transferId]);

  const add = async () => {
    if (!text.trim()) return;
    setBusy(true);
    try {
      setList(await addNote(transferId, text));
      setText('');
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="nt" aria-label="Notes and tags" data-testid="notes-tags">
      <h3>Tags</h3>
      {list ? <TagInput key={transferId} transferId={transferId} initial={tagList} /> : null}
      <h3>Notes</h3>
      {list === undefined && !error ? <p className="muted">Loading…</p> : null}
      {list && !list.length ? <p className="muted">No notes yet.</p> : null}
      {list?.length ? (
        <ul className="nt-notes" data-testid="notes">
          {list.map((n) => (
            <li key={n.id}>
              <div className="nt-meta">
                {n.actor} · <time>{n.at}</time>
              </div>
              <div className="nt-text">{n.text}</div>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="nt-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <textarea
          aria-label="New note"
          rows={2}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void add();
            }
          }}
          placeholder="Add a note (Ctrl+Enter)"
          data-testid="note-input"
        />
        <button type="submit" disabled={busy || !text.trim()} data-testid="note-add">
          Add note
        </button>
      </form>
      <ErrorBox message={error} testId="notes-error" />
    </section>
  );
}
